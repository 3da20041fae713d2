package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageRefTest {

    private static final String HEX = "a6e58f5611b7c6514492726e6f3a48ce531ca6a2807074d9c7a30202abc9fd41";

    @Test
    void fullRefWithTag() {
        ImageRef ref = ImageRef.parse("alice/tools/box:v1");
        assertThat(ref.entity()).isEqualTo("alice");
        assertThat(ref.collection()).isEqualTo("tools");
        assertThat(ref.container()).isEqualTo("box");
        assertThat(ref.tag()).isEqualTo("v1");
        assertThat(ref.digest()).isNull();
    }

    @Test
    void missingTagMeansLatest() {
        assertThat(ImageRef.parse("alice/tools/box").tag()).isEqualTo("latest");
        assertThat(ImageRef.parse("alice/tools/box:").tag()).isEqualTo("latest");
    }

    @Test
    void shortRefsResolveIntoTheLibraryEntity() {
        assertThat(ImageRef.parse("alpine").containerPath()).isEqualTo("library/default/alpine");
        assertThat(ImageRef.parse("coll/ctr:1").containerPath()).isEqualTo("library/coll/ctr");
        assertThat(ImageRef.parse("library://alpine:3").toString()).isEqualTo("library/default/alpine:3");
    }

    @Test
    void leadingSlashIsStripped() {
        assertThat(ImageRef.parse("/alice/tools/box:v1").containerPath()).isEqualTo("alice/tools/box");
    }

    @Test
    void hashRefsCarryADigest() {
        ImageRef ref = ImageRef.parse("alice/tools/box:sha256." + HEX);
        assertThat(ref.tag()).isNull();
        assertThat(ref.digest().hex()).isEqualTo(HEX);
    }

    @Test
    void malformedRefsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ImageRef.parse("a/b/c/d")).hasMessageContaining("entity/collection/container");
        assertThatThrownBy(() -> ImageRef.parse("Alice/tools/box")).hasMessageContaining("invalid entity name 'Alice'");
        assertThatThrownBy(() -> ImageRef.parse("alice//box")).hasMessageContaining("invalid collection name ''");
        assertThatThrownBy(() -> ImageRef.parse("alice/tools/box:bad tag")).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageRef.parse("alice/tools/box:sha256.abc")).hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> ImageRef.parse(" ")).hasMessageContaining("empty image reference");
    }

    @Test
    void errorsAreInvalidRequests() {
        assertThatThrownBy(() -> ImageRef.parse("a..b"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID));
    }
}
