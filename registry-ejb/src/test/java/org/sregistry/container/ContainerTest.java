package org.sregistry.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Account;
import org.sregistry.account.Role;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.image.Image;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;

class ContainerTest {

    Container box;
    Image one;
    Image two;

    @BeforeEach
    void setUp() {
        Account alice = new Account("alice", Role.USER, false);
        var collection = new ContainerCollection(new Namespace("alice", Namespace.Kind.USER, alice), "tools", false, alice);
        box = new Container(collection, "box");
        one = new Image(box, new Digest("1".repeat(64)), null);
        two = new Image(box, new Digest("2".repeat(64)), null);
    }

    @Test
    void retaggingMovesTheTag() {
        box.tag("latest", "amd64", one);
        Tag moved = box.tag("latest", "amd64", two);
        assertThat(box.getTags()).containsExactly(moved);
        assertThat(moved.getImage()).isSameAs(two);
    }

    @Test
    void tagsArePerArchitecture() {
        box.tag("latest", "amd64", one);
        box.tag("latest", "arm64", two);
        assertThat(box.resolve("latest", "arm64").orElseThrow().getImage()).isSameAs(two);
        assertThat(box.resolve("latest", "amd64").orElseThrow().getImage()).isSameAs(one);
        assertThat(box.resolve("latest", "").orElseThrow().getImage()).as("no arch prefers amd64").isSameAs(one);
        assertThat(box.resolve("latest", "ppc64le")).isEmpty();
    }

    @Test
    void oneImageMayCarryManyTags() {
        box.tag("v1", "amd64", one);
        box.tag("latest", "amd64", one);
        assertThat(box.getTags()).extracting(Tag::getName).containsExactlyInAnyOrder("v1", "latest");
    }

    @Test
    void aFrozenTagCannotBeMovedOrRemoved() {
        box.tag("stable", "amd64", one).setFrozen(true);
        assertThatThrownBy(() -> box.tag("stable", "amd64", two))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.CONFLICT))
                .hasMessageContaining("frozen");
        assertThat(box.tag("stable", "amd64", one).getImage()).as("re-tagging the same image is fine").isSameAs(one);
        assertThatThrownBy(() -> box.untagAll(one)).hasMessageContaining("frozen");
        assertThat(box.findTag("stable", "amd64").orElseThrow().getImage()).isSameAs(one);
    }

    @Test
    void untaggingRemovesEveryTagOfTheImage() {
        box.tag("v1", "amd64", one);
        box.tag("latest", "amd64", one);
        box.tag("v2", "amd64", two);
        box.untagAll(one);
        assertThat(box.getTags()).extracting(Tag::getName).containsExactly("v2");
    }

    @Test
    void anImageOfAnotherContainerCannotBeTagged() {
        Container other = new Container(box.getCollection(), "other");
        Image foreign = new Image(other, new Digest("3".repeat(64)), null);
        assertThatThrownBy(() -> box.tag("latest", "amd64", foreign)).hasMessageContaining("does not belong");
    }

    @Test
    void badTagsAndArchitecturesAreRefused() {
        assertThatThrownBy(() -> box.tag("a b", "amd64", one)).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> box.tag("latest", "AMD 64", one)).hasMessageContaining("invalid architecture");
    }

    @Test
    void anImageHasOneArchitecture() {
        one.assignArch("amd64");
        one.assignArch("amd64");
        assertThatThrownBy(() -> one.assignArch("arm64")).hasMessageContaining("is for amd64, not arm64");
    }

    @Test
    void untagRemovesOneTagButNotAFrozenOne() {
        box.tag("v1", "amd64", one);
        box.tag("latest", "amd64", one).setFrozen(true);
        box.untag("v1", "amd64");
        assertThat(box.getTags()).extracting(Tag::getName).containsExactly("latest");
        assertThatThrownBy(() -> box.untag("latest", "amd64"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.CONFLICT));
        assertThatThrownBy(() -> box.untag("nope", "amd64"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND));
        box.untagEverything();
        assertThat(box.getTags()).isEmpty();
    }

    @Test
    void aSummaryPullsLatestWhenThereIsOne() {
        var summary = new ContainerSummary("box", null, java.util.List.of("a1 (amd64)", "latest (amd64)"),
                java.util.List.of("amd64", "arm64"), 10, null, 0);
        assertThat(summary.pullTag()).isEqualTo("latest");
        assertThat(summary.archList()).isEqualTo("amd64, arm64");
        assertThat(new ContainerSummary("box", null, java.util.List.of("v2 (arm64)"), java.util.List.of(), 0, null, 0).pullTag())
                .isEqualTo("v2");
    }
}
