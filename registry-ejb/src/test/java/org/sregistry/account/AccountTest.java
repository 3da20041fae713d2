package org.sregistry.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sregistry.registry.RegistryException;

class AccountTest {

    @Test
    void aProfileUpdateTrimsValuesAndBlankClearsThem() {
        var account = new Account("ada", Role.USER, false);
        account.updateProfile("  Ada Lovelace ", " ada@example.org ");
        assertThat(account.getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(account.getEmail()).isEqualTo("ada@example.org");

        account.updateProfile(" ", "");
        assertThat(account.getDisplayName()).isNull();
        assertThat(account.getEmail()).isNull();
    }

    @Test
    void aMalformedEmailIsRefusedAndNothingChanges() {
        var account = new Account("ada", Role.USER, false);
        account.updateProfile("Ada", "ada@example.org");

        assertThatThrownBy(() -> account.updateProfile("Other", "not an address"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("is not an e-mail address")
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.INVALID);
        assertThat(account.getDisplayName()).isEqualTo("Ada");
        assertThat(account.getEmail()).isEqualTo("ada@example.org");
    }

    @Test
    void aTooLongDisplayNameIsRefused() {
        var account = new Account("ada", Role.USER, false);
        assertThatThrownBy(() -> account.updateProfile("x".repeat(Account.DISPLAY_NAME_MAX + 1), null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("at most " + Account.DISPLAY_NAME_MAX);
    }

    @Test
    void onlyLocalPeopleKeepAPasswordHere() {
        assertThat(new Account("ada", Role.USER, false).hasLocalPassword()).isTrue();
        assertThat(new Account("robot", Role.USER, true).hasLocalPassword()).isFalse();
        var directory = new Account("bob", Role.USER, false);
        directory.linkTo(AuthSource.LDAP, "uid=bob,dc=example,dc=org");
        assertThat(directory.hasLocalPassword()).isFalse();
    }
}
