package org.sregistry.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.RegistryException;

class PermissionsTest {

    final Account alice = new Account("alice", Role.USER, false);
    final Account bob = new Account("bob", Role.USER, false);
    final Account staff = new Account("staff", Role.ADMIN, false);
    final Namespace aliceSpace = new Namespace("alice", Namespace.Kind.USER, alice);
    final ContainerCollection open = new ContainerCollection(aliceSpace, "open", false, alice);
    final ContainerCollection secret = new ContainerCollection(aliceSpace, "secret", true, alice);

    @Test
    void publicCollectionsAreSeenByEveryone() {
        assertThat(Permissions.canSee(Caller.ANONYMOUS, open)).isTrue();
        assertThat(Permissions.canSee(Caller.of(bob, true, Set.of()), open)).isTrue();
    }

    @Test
    void privateCollectionsAreSeenByMembersAndStaffOnly() {
        assertThat(Permissions.canSee(Caller.ANONYMOUS, secret)).isFalse();
        assertThat(Permissions.canSee(Caller.of(bob, true, Set.of()), secret)).isFalse();
        assertThat(Permissions.canSee(Caller.of(alice, false, Set.of()), secret)).isTrue();
        assertThat(Permissions.canSee(Caller.of(staff, false, Set.of()), secret)).isTrue();
    }

    @Test
    void anInvisibleCollectionIsReportedAsMissing() {
        assertThatThrownBy(() -> Permissions.requirePush(Caller.of(bob, true, Set.of()), secret))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
                .hasMessage("collection alice/secret not found");
    }

    @Test
    void pushNeedsAWriteTokenOfAnOwner() {
        assertThat(Permissions.canPush(Caller.of(alice, true, Set.of()), open)).isTrue();
        assertThat(Permissions.canPush(Caller.of(alice, false, Set.of()), open)).isFalse();
        assertThat(Permissions.canPush(Caller.of(bob, true, Set.of()), open)).isFalse();
        assertThat(Permissions.canPush(Caller.of(staff, true, Set.of()), open)).isTrue();
        assertThatThrownBy(() -> Permissions.requirePush(Caller.ANONYMOUS, open))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED));
        assertThatThrownBy(() -> Permissions.requirePush(Caller.of(bob, true, Set.of()), open))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FORBIDDEN))
                .hasMessageContaining("bob may not push");
        assertThatThrownBy(() -> Permissions.requirePush(Caller.of(alice, false, Set.of()), open))
                .hasMessageContaining("read-only");
    }

    @Test
    void aTokenLimitedToCollectionsReachesOnlyThose() {
        Caller limited = Caller.of(alice, true, Set.of(open.getId()));
        assertThat(Permissions.canPush(limited, open)).isTrue();
        assertThat(Permissions.canPush(limited, secret)).isFalse();
        assertThat(Permissions.canSee(limited, secret)).isFalse();
    }

    @Test
    void collectionsAreCreatedInOnesOwnNamespace() {
        assertThat(Permissions.canCreateIn(Caller.of(alice, true, Set.of()), aliceSpace)).isTrue();
        assertThat(Permissions.canCreateIn(Caller.of(bob, true, Set.of()), aliceSpace)).isFalse();
        assertThat(Permissions.canCreateIn(Caller.of(staff, true, Set.of()), aliceSpace)).isTrue();
        assertThat(Permissions.canCreateIn(Caller.ANONYMOUS, aliceSpace)).isFalse();
    }
}
