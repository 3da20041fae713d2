package org.sregistry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Account;
import org.sregistry.account.Role;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.image.Image;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Digest;

class UploadSessionTest {

    static final long MIB = 1024 * 1024;

    final Image image = image();

    static Image image() {
        Account a = new Account("alice", Role.USER, false);
        var c = new Container(new ContainerCollection(new Namespace("alice", Namespace.Kind.USER, a), "c", false, a), "x");
        return new Image(c, new Digest("0".repeat(64)), null);
    }

    @Test
    void partsAreOfPartSizeButTheLast() {
        var s = new UploadSession(image, true, 70 * MIB, 64 * MIB, Instant.MAX);
        assertThat(s.getTotalParts()).isEqualTo(2);
        assertThat(s.lengthOfPart(1)).isEqualTo(64 * MIB);
        assertThat(s.lengthOfPart(2)).isEqualTo(6 * MIB);
        assertThat(s.offsetOfPart(2)).isEqualTo(64 * MIB);
    }

    @Test
    void anExactMultipleHasNoRemainderPart() {
        var s = new UploadSession(image, true, 128 * MIB, 64 * MIB, Instant.MAX);
        assertThat(s.getTotalParts()).isEqualTo(2);
        assertThat(s.lengthOfPart(2)).isEqualTo(64 * MIB);
    }

    @Test
    void partNumbersOutsideTheUploadAreRefused() {
        var s = new UploadSession(image, true, 10, 4, Instant.MAX);
        assertThat(s.getTotalParts()).isEqualTo(3);
        assertThatThrownBy(() -> s.lengthOfPart(0)).hasMessageContaining("outside 1..3");
        assertThatThrownBy(() -> s.expectPart(4, null)).hasMessageContaining("outside 1..3");
    }

    @Test
    void expectingAPartAgainReplacesItsExpectedHash() {
        var s = new UploadSession(image, true, 10, 4, Instant.MAX);
        s.expectPart(1, "A".repeat(64));
        s.expectPart(1, "b".repeat(64));
        assertThat(s.getParts()).hasSize(1);
        assertThat(s.getParts().get(0).getExpectedSha256()).isEqualTo("b".repeat(64));
    }

    @Test
    void completedSessionsTakeNoMoreParts() {
        var s = new UploadSession(image, true, 10, 4, Instant.MAX);
        s.completed();
        assertThatThrownBy(s::requireOpen).hasMessageContaining("completed");
    }

    @Test
    void negativeSizesAreRefused() {
        assertThatThrownBy(() -> new UploadSession(image, false, -1, 0, Instant.MAX)).hasMessageContaining("negative");
    }
}
