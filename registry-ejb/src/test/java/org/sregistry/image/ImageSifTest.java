package org.sregistry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Account;
import org.sregistry.account.Role;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;
import org.sregistry.sif.SifDescriptor;
import org.sregistry.sif.SifFile;
import org.sregistry.sif.SifHeader;

class ImageSifTest {

    Image image;

    @BeforeEach
    void setUp() {
        Account alice = new Account("alice", Role.USER, false);
        var collection = new ContainerCollection(new Namespace("alice", Namespace.Kind.USER, alice), "tools", false, alice);
        image = new Image(new Container(collection, "box"), new Digest("1".repeat(64)), null);
    }

    @Test
    void theSifArchitectureBecomesTheImagesAndContradictingTagsAreRefused() {
        image.describedBy(sif("arm64", Map.of("a", "b"), "Bootstrap: docker"));

        assertThat(image.getArch()).isEqualTo("arm64");
        assertThat(image.getSifArch()).isEqualTo("arm64");
        assertThat(image.getDeffile()).isEqualTo("Bootstrap: docker");
        assertThat(image.getSifObjects()).extracting(SifObject::getTypeName).containsExactly("partition");
        assertThat(image.getSifObjects().get(0).getArch()).isEqualTo("arm64");
        assertThatThrownBy(() -> image.assignArch("amd64")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("is for arm64, not amd64");
    }

    @Test
    void aSifWithoutArchitectureLeavesItToTheTag() {
        image.describedBy(sif(null, Map.of(), null));
        assertThat(image.isSifDescribed()).isTrue();
        assertThat(image.getArch()).isNull();
        image.assignArch("ppc64le");
        assertThat(image.getArch()).isEqualTo("ppc64le");
    }

    @Test
    void anImageAlreadyTaggedForAnotherArchitectureRefusesTheSif() {
        image.assignArch("amd64");
        assertThatThrownBy(() -> image.describedBy(sif("arm64", Map.of(), null)))
                .hasMessageContaining("is for amd64, not arm64");
    }

    @Test
    void labelsAndTextsAreBounded() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("k".repeat(ImageLabel.KEY_MAX + 1), "too long a key");
        labels.put("", "empty key");
        labels.put("long", "v".repeat(5000));
        for (int i = 0; i < Image.LABELS_MAX + 10; i++) {
            labels.put("label" + i, "value" + i);
        }
        image.describedBy(sif("amd64", labels, "x".repeat(Image.SIF_TEXT_MAX + 5)));

        assertThat(image.getLabels()).hasSize(Image.LABELS_MAX);
        assertThat(image.getLabels().get(0).getKey()).isEqualTo("long");
        assertThat(image.getLabels().get(0).getValue()).hasSize(ImageLabel.VALUE_MAX);
        assertThat(image.getDeffile()).hasSize(Image.SIF_TEXT_MAX);
    }

    @Test
    void aSecondDescriptionChangesNothing() {
        image.describedBy(sif("amd64", Map.of("a", "1"), null));
        image.describedBy(sif("amd64", Map.of("a", "2", "b", "3"), "other"));
        assertThat(image.getLabels()).extracting(ImageLabel::getValue).containsExactly("1");
        assertThat(image.getDeffile()).isNull();
    }

    private static SifFile sif(String arch, Map<String, String> labels, String deffile) {
        var header = new SifHeader("01", arch, "00000000-0000-4000-8000-000000000000", Instant.EPOCH, Instant.EPOCH,
                47, 48, 4096, 48 * 585, 32768, 1000);
        List<SifDescriptor> descriptors = arch == null ? List.of()
                : List.of(new SifDescriptor(SifDescriptor.PARTITION, 1, 1, 0, false, 32768, 1000, "rootfs",
                        new SifDescriptor.Partition("squashfs", "primsys", arch), null, null));
        return new SifFile(header, descriptors, deffile, null, labels);
    }
}
