package org.sregistry.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sregistry.keystore.KeystoreService.AddPolicy;

class KeystoreServiceTest {

    @Test
    void addPolicyFallsBackToAuthenticatedOnATypo() {
        assertThat(AddPolicy.of("anyone")).isEqualTo(AddPolicy.ANYONE);
        assertThat(AddPolicy.of(" Authenticated ")).isEqualTo(AddPolicy.AUTHENTICATED);
        assertThat(AddPolicy.of("everybody")).isEqualTo(AddPolicy.AUTHENTICATED);
    }

    @Test
    void fingerprintsAreReadAsUsersWriteThem() {
        String fp = "DDB845D727CB9094F7D989D5435A740CC318DD4E";
        assertThat(KeystoreService.normaliseFingerprint(fp.toLowerCase())).isEqualTo(fp);
        assertThat(KeystoreService.normaliseFingerprint("0x" + fp)).isEqualTo(fp);
        assertThat(KeystoreService.normaliseFingerprint("DDB8 45D7 27CB 9094 F7D9  89D5 435A 740C C318 DD4E")).isEqualTo(fp);
        assertThatThrownBy(() -> KeystoreService.normaliseFingerprint("C318DD4E")).hasMessageContaining("40 hex digits");
    }
}
