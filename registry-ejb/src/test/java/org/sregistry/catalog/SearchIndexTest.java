package org.sregistry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;
import org.sregistry.catalog.SearchIndex.CollectionRow;
import org.sregistry.catalog.SearchIndex.ContainerRow;
import org.sregistry.catalog.SearchIndex.ImageRow;
import org.sregistry.catalog.SearchIndex.LabelRow;
import org.sregistry.catalog.SearchIndex.MemberRow;
import org.sregistry.catalog.SearchIndex.NamespaceRow;
import org.sregistry.team.TeamRole;

/** The in-memory search against the rules of {@link LibrarySearch}'s statements (which {@code LibraryApiIT} compares it with). */
class SearchIndexTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Caller ANON = Caller.ANONYMOUS;
    private static final Caller ADMIN = new Caller("a-admin", "admin", Role.ADMIN, true, Set.of());
    private static final Caller ALICE = new Caller("a-alice", "alice", Role.USER, true, Set.of());
    private static final Caller BOB = new Caller("a-bob", "bob", Role.USER, true, Set.of());
    private static final Caller CAROL = new Caller("a-carol", "carol", Role.USER, true, Set.of(), Map.of("t-lab", TeamRole.MEMBER),
            false);
    private static final Caller DAVE = new Caller("a-dave", "dave", Role.USER, true, Set.of(), Map.of("t-ops", TeamRole.MEMBER),
            false);

    private final List<NamespaceRow> namespaces = new ArrayList<>(List.of(
            new NamespaceRow("n-alice", "alice", "a-alice", null),
            new NamespaceRow("n-lab", "lab", null, "t-lab"),
            new NamespaceRow("n-zed", "zed", "a-bob", null)));
    private final List<CollectionRow> collections = new ArrayList<>(List.of(
            new CollectionRow("c-pub", "n-alice", "tools", "Public TOOLS for everyone", false),
            new CollectionRow("c-priv", "n-alice", "secret", "private work", true),
            new CollectionRow("c-lab", "n-lab", "tools", "the lab's", true),
            new CollectionRow("c-zed", "n-zed", "shared", null, true)));
    private final List<MemberRow> members = new ArrayList<>(List.of(
            new MemberRow("c-zed", "a-bob", null),
            new MemberRow("c-zed", null, "t-ops")));
    private final List<ContainerRow> containers = new ArrayList<>(List.of(
            new ContainerRow("ct-1", "c-pub", "box", "A Box of Tools"),
            new ContainerRow("ct-2", "c-priv", "box", null),
            new ContainerRow("ct-3", "c-lab", "box", "lab box"),
            new ContainerRow("ct-4", "c-pub", "Alpine", "small"),
            new ContainerRow("ct-5", "c-zed", "zebra", "stripes")));
    private final List<ImageRow> images = new ArrayList<>(List.of(
            new ImageRow("i-1", "ct-1", "first", "amd64", "VALID", null, T0.plusSeconds(2)),
            new ImageRow("i-2", "ct-1", null, "arm64", null, null, T0.plusSeconds(1)),
            new ImageRow("i-3", "ct-2", "Has GPU support", "amd64", "VALID", NOW.minusSeconds(1), T0),
            new ImageRow("i-4", "ct-3", "", "amd64", "INVALID", null, T0),
            new ImageRow("i-5", "ct-4", null, null, null, null, T0),
            new ImageRow("i-6", "ct-5", null, "amd64", "VALID", NOW.plusSeconds(60), T0)));
    private final List<LabelRow> labels = new ArrayList<>(List.of(
            new LabelRow("i-5", "Maintainer: Jane DOE"),
            new LabelRow("i-5", "org.example.gpu=CUDA")));

    private SearchIndex index() {
        return new SearchIndex(namespaces, collections, members, containers, images, labels);
    }

    private LibrarySearch.Found find(Caller caller, String value) {
        return index().find(caller, value, Set.of(), null, 200, NOW);
    }

    @Test
    void namesAreMatchedAsTheyAreAndDescriptionsAndLabelsLowerCased() {
        // "box": three containers named so; "Box" in a description of one of them; the value is lower-cased first
        assertThat(find(ADMIN, "BOX").containers()).containsExactly("ct-2", "ct-1", "ct-3");
        // the name "Alpine" is not lower-cased (LIKE on a name is exact), its description is
        assertThat(find(ADMIN, "alpine").containers()).isEmpty();
        assertThat(find(ADMIN, "SMALL").containers()).containsExactly("ct-4");
        // images: by their container's texts, their own description, or a label value
        assertThat(find(ADMIN, "gpu").images()).containsExactly("i-5", "i-3");
        assertThat(find(ADMIN, "jane doe").images()).containsExactly("i-5");
        assertThat(find(ADMIN, "tools").collections()).containsExactly("c-pub", "c-lab");
        assertThat(find(ADMIN, "a").entities()).containsExactly("n-alice", "n-lab");
    }

    @Test
    void containersAreOrderedByNameThenNamespaceThenCollectionAndImagesByContainerNameThenAge() {
        // box in alice/secret, alice/tools, lab/tools: by namespace name, then collection name
        assertThat(find(ADMIN, "bo").containers()).containsExactly("ct-2", "ct-1", "ct-3");
        // images of the three boxes: oldest first across them, then by id
        assertThat(find(ADMIN, "box").images()).containsExactly("i-3", "i-4", "i-2", "i-1");
    }

    @Test
    void shortLongAbsentAndSpanningValues() {
        assertThat(find(ADMIN, "x").containers()).containsExactly("ct-2", "ct-1", "ct-3");
        assertThat(find(ADMIN, "a box of tools").containers()).containsExactly("ct-1");
        assertThat(find(ADMIN, "qqq").containers()).isEmpty();
        assertThat(find(ADMIN, "boxa").containers()).isEmpty(); // "box" then "a box": never one text
        assertThatThrownBy(() -> find(ADMIN, "box\0a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateCollectionsAreSeenByStaffOwnersTeamsAndMembersOnly() {
        assertThat(find(ANON, "box").containers()).containsExactly("ct-1");
        assertThat(find(ADMIN, "box").containers()).containsExactly("ct-2", "ct-1", "ct-3");
        assertThat(find(ALICE, "box").containers()).containsExactly("ct-2", "ct-1"); // owner of namespace alice
        assertThat(find(CAROL, "box").containers()).containsExactly("ct-1", "ct-3"); // in team t-lab, lab's team
        assertThat(find(BOB, "zebra").containers()).containsExactly("ct-5"); // member in person
        assertThat(find(DAVE, "zebra").containers()).containsExactly("ct-5"); // in a team that is a member
        assertThat(find(CAROL, "zebra").containers()).isEmpty();
        assertThat(find(ANON, "tools").collections()).containsExactly("c-pub");
        // entities are listed to all: their views say what the caller may see of them
        assertThat(find(ANON, "zed").entities()).containsExactly("n-zed");
    }

    @Test
    void aTokenLimitedToCollectionsSeesPublicOnesAndPrivateOnesOnlyOfItsOwn() {
        Caller limited = new Caller("a-alice", "alice", Role.USER, true, Set.of("c-pub"));
        assertThat(find(limited, "box").containers()).containsExactly("ct-1");
        Caller staffLimited = new Caller("a-admin", "admin", Role.ADMIN, true, Set.of("c-lab"));
        assertThat(find(staffLimited, "box").containers()).containsExactly("ct-1", "ct-3");
    }

    @Test
    void architecturesAndSignaturesFilterImages() {
        SearchIndex index = index();
        assertThat(index.find(ADMIN, "box", Set.of("arm64"), null, 200, NOW).images()).containsExactly("i-2");
        assertThat(index.find(ADMIN, "box", Set.of("amd64", "ppc64le"), null, 200, NOW).images()).containsExactly("i-3", "i-4", "i-1");
        assertThat(index.find(ADMIN, "", Set.of("amd64"), null, 200, NOW).images()).doesNotContain("i-5"); // no arch
        // signed: a VALID verdict whose keys have not expired (i-3's expired a second ago)
        assertThat(index.find(ADMIN, "", Set.of(), true, 200, NOW).images()).containsExactly("i-1", "i-6");
        assertThat(index.find(ADMIN, "", Set.of(), false, 200, NOW).images()).containsExactly("i-5", "i-3", "i-4", "i-2");
        assertThat(index.find(ADMIN, "", Set.of(), true, 200, NOW.minusSeconds(5)).images()).containsExactly("i-3", "i-1", "i-6");
    }

    @Test
    void rowsWhoseParentsWereNotReadAreLeftOut() {
        collections.add(new CollectionRow("c-orphan", "n-gone", "orphan-tools", null, false));
        containers.add(new ContainerRow("ct-orphan", "c-gone", "box", null));
        images.add(new ImageRow("i-orphan", "ct-gone", "box", "amd64", null, null, T0));
        labels.add(new LabelRow("i-gone", "box"));
        LibrarySearch.Found found = find(ADMIN, "box");
        assertThat(found.containers()).containsExactly("ct-2", "ct-1", "ct-3");
        assertThat(found.images()).containsExactly("i-3", "i-4", "i-2", "i-1");
        assertThat(find(ADMIN, "orphan").collections()).isEmpty();
    }

    @Test
    void eachKindStopsAtTheLimit() {
        for (int i = 0; i < 500; i++) {
            String id = "ct-many-%03d".formatted(i);
            containers.add(new ContainerRow(id, "c-pub", "many-%03d".formatted(i), null));
            images.add(new ImageRow("i-many-%03d".formatted(i), id, null, "amd64", null, null, T0));
        }
        SearchIndex index = index();
        LibrarySearch.Found found = index.find(ANON, "many-", Set.of(), null, 200, NOW);
        assertThat(found.containers()).hasSize(200).startsWith("ct-many-000").endsWith("ct-many-199");
        assertThat(found.images()).hasSize(200).startsWith("i-many-000").endsWith("i-many-199");
        assertThat(index.find(ANON, "y-4", Set.of(), null, 10, NOW).containers()).containsExactly(
                "ct-many-400", "ct-many-401", "ct-many-402", "ct-many-403", "ct-many-404", "ct-many-405", "ct-many-406",
                "ct-many-407", "ct-many-408", "ct-many-409");
        assertThat(index.characters()).isGreaterThan(500 * "many-000".length());
    }
}
