package org.sregistry.web.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Account;
import org.sregistry.account.Role;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Digest;
import org.sregistry.sif.SifDescriptor;
import org.sregistry.sif.SifFile;
import org.sregistry.sif.SifHeader;

/** {@link SifJsonCache}: an image's SIF view read once per node, within a memory limit. */
class SifJsonCacheTest {

    SifJsonCache cache;
    Container container;
    int reads;
    Map<String, Image> byId = new HashMap<>();
    List<List<String>> batches = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Account alice = new Account("alice", Role.USER, false);
        container = new Container(new ContainerCollection(new Namespace("alice", Namespace.Kind.USER, alice), "tools", false,
                alice), "box");
        cache = new SifJsonCache();
        // the service's statements, answered from the entity as a transaction would load it
        cache.images = new ImageService() {
            @Override
            public Map<String, SifParts> sifPartsOf(Collection<String> imageIds) {
                reads++;
                batches.add(List.copyOf(imageIds));
                Map<String, SifParts> parts = new HashMap<>();
                imageIds.forEach(id -> parts.put(id, new SifParts(byId.get(id).getLabels(), byId.get(id).getSifObjects())));
                return parts;
            }
        };
    }

    @Test
    void anImageIsReadOnceThenAnsweredFromTheCache() {
        Image image = described("Bootstrap: docker", Map.of("maintainer", "Research Computing"));

        SifJson first = cache.of(image);
        SifJson second = cache.of(image);

        assertThat(reads).isEqualTo(1);
        assertThat(second).isSameAs(first);
        assertThat(first.deffile()).isEqualTo("Bootstrap: docker");
        assertThat(first.labels()).containsExactly(Map.entry("maintainer", "Research Computing"));
        assertThat(first.partitions()).extracting(SifJson.PartitionJson::arch).containsExactly("amd64");
        assertThat(first.primaryArch()).isEqualTo("amd64");
    }

    @Test
    void searchHitsNotKeptYetAreReadTogetherAndThenAnsweredFromTheCache() {
        Image kept = described("Bootstrap: library", Map.of("a", "1"));
        SifJson keptView = cache.of(kept);
        Image first = described("From: alpine", Map.of("b", "2"));
        Image second = described(null, Map.of());
        Image announced = new Image(container, new Digest("3".repeat(64)), null);

        Map<String, SifJson> views = cache.ofAll(List.of(kept, first, announced, second));

        assertThat(batches).containsExactly(List.of(kept.getId()), List.of(first.getId(), second.getId()));
        assertThat(views).containsOnlyKeys(kept.getId(), first.getId(), second.getId());
        assertThat(views.get(kept.getId())).isSameAs(keptView);
        assertThat(views.get(first.getId()).deffile()).isEqualTo("From: alpine");
        assertThat(views.get(first.getId()).labels()).containsExactly(Map.entry("b", "2"));
        assertThat(views.get(second.getId()).labels()).isEmpty();

        Map<String, SifJson> again = cache.ofAll(List.of(first, second, kept));
        assertThat(batches).hasSize(2);
        assertThat(again.get(first.getId())).isSameAs(views.get(first.getId()));
        assertThat(cache.of(second)).isSameAs(views.get(second.getId()));
        assertThat(reads).isEqualTo(2);
        assertThat(cache.ofAll(List.of(announced))).isEmpty();
        assertThat(batches).hasSize(2);
    }

    @Test
    void anImageWhoseBytesHaveNotArrivedHasNoViewAndNothingIsRemembered() {
        Image image = new Image(container, new Digest("2".repeat(64)), null);
        byId.put(image.getId(), image);

        assertThat(cache.of(image)).isNull();
        assertThat(reads).isZero();
        assertThat(cache.size()).isZero();

        image.describedBy(sif(null, Map.of("a", "b")));
        assertThat(cache.of(image).labels()).containsExactly(Map.entry("a", "b"));
        assertThat(reads).isEqualTo(1);
    }

    @Test
    void anAnswerLargerThanAnEntryMayBeIsMadeForEveryRequest() {
        Image image = described("x".repeat((int) SifJsonCache.ENTRY_CHARS_MAX + 1), Map.of());

        assertThat(cache.of(image).deffile()).hasSize((int) SifJsonCache.ENTRY_CHARS_MAX + 1);
        cache.of(image);

        assertThat(reads).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theEntriesStayWithinTheLimitAndTheCacheStartsAfreshWhenFull() {
        String deffile = "d".repeat((int) SifJsonCache.ENTRY_CHARS_MAX - 1_000);
        SifJson json = cache.of(described(deffile, Map.of("k", "v")));
        long perEntry = SifJsonCache.charsOf(json);
        long fit = SifJsonCache.CHARS_MAX / perEntry;

        for (int i = 1; i < fit; i++) {
            cache.remember("image-" + i, json);
        }
        assertThat(cache.size()).isEqualTo((int) fit);
        assertThat(cache.chars()).isEqualTo(fit * perEntry).isLessThanOrEqualTo(SifJsonCache.CHARS_MAX);

        cache.remember("image-" + fit, json); // one more than fits: the others are forgotten
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.chars()).isEqualTo(perEntry);

        cache.remember("image-" + fit, json); // the same image again is counted once
        assertThat(cache.chars()).isEqualTo(perEntry);
    }

    private Image described(String deffile, Map<String, String> labels) {
        Image image = new Image(container, new Digest("1".repeat(64)), null);
        image.describedBy(new SifFile(header("amd64"), List.of(partition("amd64")), deffile, null, labels));
        byId.put(image.getId(), image);
        return image;
    }

    private static SifFile sif(String arch, Map<String, String> labels) {
        return new SifFile(header(arch), arch == null ? List.of() : List.of(partition(arch)), null, null, labels);
    }

    private static SifHeader header(String arch) {
        return new SifHeader("01", arch, "00000000-0000-4000-8000-000000000000", Instant.EPOCH, Instant.EPOCH, 47, 48, 4096,
                48 * 585, 32768, 1000);
    }

    private static SifDescriptor partition(String arch) {
        return new SifDescriptor(SifDescriptor.PARTITION, 1, 1, 0, false, 32768, 1000, "rootfs",
                new SifDescriptor.Partition("squashfs", "primsys", arch), null, null);
    }
}
