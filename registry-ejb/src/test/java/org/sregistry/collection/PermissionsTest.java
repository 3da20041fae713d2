package org.sregistry.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Policy;
import org.sregistry.registry.RegistryException;
import org.sregistry.team.Team;
import org.sregistry.team.TeamRole;

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

    // ---- the whole table: role x action x public/private -----------------------------------------

    /** The cast of the table, built once: alice owns the namespace, team lab owns both collections. */
    static final class Cast {
        final Account alice = new Account("alice", Role.USER, false);
        final Account bob = new Account("bob", Role.USER, false);
        final Account carol = new Account("carol", Role.USER, false);
        final Account dave = new Account("dave", Role.USER, false);
        final Account erin = new Account("erin", Role.USER, false);
        final Account admin = new Account("admin", Role.ADMIN, false);
        final Account root = new Account("root", Role.SUPERUSER, false);
        final Namespace aliceSpace = new Namespace("alice", Namespace.Kind.USER, alice);
        final Namespace labSpace = new Namespace("lab", Namespace.Kind.TEAM, null);
        final Team lab = new Team(labSpace, true, carol);
        final ContainerCollection pub = new ContainerCollection(aliceSpace, "pub", false, alice);
        final ContainerCollection priv = new ContainerCollection(aliceSpace, "priv", true, alice);

        Cast() {
            labSpace.ownedByTeam(lab.getId());
            lab.put(erin, TeamRole.MEMBER);
            for (ContainerCollection c : List.of(pub, priv)) {
                c.put(dave, CollectionMember.Role.CONTRIBUTOR);
                c.put(lab, CollectionMember.Role.OWNER);
            }
        }

        Map<String, Caller> callers() {
            return Map.of(
                    "anonymous", Caller.ANONYMOUS,
                    "user", Caller.of(bob, true, Set.of()),
                    "contributor", Caller.of(dave, true, Set.of()),
                    "owner", Caller.of(alice, true, Set.of()),
                    "team member", Caller.of(erin, true, Set.of(), Map.of(lab.getId(), TeamRole.MEMBER), false),
                    "team owner", Caller.of(carol, true, Set.of(), Map.of(lab.getId(), TeamRole.OWNER), false),
                    "admin", Caller.of(admin, true, Set.of()),
                    "superuser", Caller.of(root, true, Set.of()),
                    "read-only token", Caller.of(alice, false, Set.of()));
        }
    }

    static final Cast CAST = new Cast();

    static final Map<String, BiPredicate<Caller, ContainerCollection>> ACTIONS = Map.of(
            "see", Permissions::canSee,
            "push", Permissions::canPush,
            "manage", Permissions::canManage,
            "create", (caller, collection) -> Permissions.canCreateIn(caller, collection.getNamespace()));

    /** role, then for see/push/create/manage: expected on the public, then on the private collection. */
    static final String[] TABLE = {
        //  role               see  see  push push create create manage manage
        "anonymous         | T F | F F | F F | F F",
        "user              | T F | F F | F F | F F",
        "contributor       | T T | F F | F F | F F",
        "owner             | T T | T T | T T | T T",
        "team member       | T T | T T | F F | T T",
        "team owner        | T T | T T | F F | T T",
        "admin             | T T | T T | T T | T T",
        "superuser         | T T | T T | T T | T T",
        "read-only token   | T T | F F | F F | F F",
    };

    static Stream<Arguments> table() {
        List<String> actions = List.of("see", "push", "create", "manage");
        List<Arguments> rows = new ArrayList<>();
        for (String line : TABLE) {
            String[] cells = line.split("\\|");
            String role = cells[0].trim();
            for (int a = 0; a < actions.size(); a++) {
                String[] expected = cells[a + 1].trim().split(" ");
                rows.add(Arguments.of(role, actions.get(a), "public", expected[0].equals("T")));
                rows.add(Arguments.of(role, actions.get(a), "private", expected[1].equals("T")));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @MethodSource("table")
    void everyRoleEveryActionPublicAndPrivate(String role, String action, String visibility, boolean expected) {
        Caller caller = CAST.callers().get(role);
        ContainerCollection collection = visibility.equals("public") ? CAST.pub : CAST.priv;
        assertThat(ACTIONS.get(action).test(caller, collection)).as("%s %s %s", role, action, visibility).isEqualTo(expected);
    }

    @Test
    void contributorsPushOnlyWhenThePolicyAllows() {
        Caller strict = Caller.of(CAST.dave, true, Set.of());
        Caller allowed = Caller.of(CAST.dave, true, Set.of(), Map.of(), true);
        assertThat(Permissions.canPush(strict, CAST.priv)).isFalse();
        assertThat(Permissions.canPush(allowed, CAST.priv)).isTrue();
        assertThat(Permissions.canPush(allowed, CAST.pub)).isTrue();
        assertThat(Permissions.canManage(allowed, CAST.priv)).isFalse();
        assertThat(Permissions.canPush(Caller.of(CAST.dave, false, Set.of(), Map.of(), true), CAST.priv)).isFalse();
        assertThat(Permissions.canPush(Caller.of(CAST.bob, true, Set.of(), Map.of(), true), CAST.pub)).isFalse();
    }

    @Test
    void inATeamNamespaceOwnersActAsOwnersAndMembersCreateAndSee() {
        var labColl = new ContainerCollection(CAST.labSpace, "tools", true, CAST.erin);
        var otherColl = new ContainerCollection(CAST.labSpace, "data", true, CAST.carol);
        Caller carol = Caller.of(CAST.carol, true, Set.of(), Map.of(CAST.lab.getId(), TeamRole.OWNER), false);
        Caller erin = Caller.of(CAST.erin, true, Set.of(), Map.of(CAST.lab.getId(), TeamRole.MEMBER), false);
        Caller bob = Caller.of(CAST.bob, true, Set.of());
        assertThat(Permissions.canCreateIn(carol, CAST.labSpace)).isTrue();
        assertThat(Permissions.canCreateIn(erin, CAST.labSpace)).isTrue();
        assertThat(Permissions.canCreateIn(bob, CAST.labSpace)).isFalse();
        assertThat(Permissions.canManage(carol, labColl)).isTrue();
        assertThat(Permissions.canPush(erin, labColl)).as("the creator owns what they create").isTrue();
        assertThat(Permissions.canSee(erin, otherColl)).isTrue();
        assertThat(Permissions.canPush(erin, otherColl)).isFalse();
        assertThat(Permissions.canSee(bob, otherColl)).isFalse();
    }

    @Test
    void teamsAreManagedByTheirOwnersAndStaff() {
        assertThat(Permissions.canManage(Caller.of(CAST.carol, true, Set.of(), Map.of(CAST.lab.getId(), TeamRole.OWNER), false), CAST.lab)).isTrue();
        assertThat(Permissions.canManage(Caller.of(CAST.erin, true, Set.of(), Map.of(CAST.lab.getId(), TeamRole.MEMBER), false), CAST.lab)).isFalse();
        assertThat(Permissions.canManage(Caller.of(CAST.admin, true, Set.of()), CAST.lab)).isTrue();
        assertThat(Permissions.canManage(Caller.of(CAST.carol, false, Set.of(), Map.of(CAST.lab.getId(), TeamRole.OWNER), false), CAST.lab)).isFalse();
        assertThatThrownBy(() -> Permissions.requireManage(Caller.ANONYMOUS, CAST.lab))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED));
    }

    @Test
    void thePolicyLimitsWhoCreatesAndHowMany() {
        Caller alice = Caller.of(CAST.alice, true, Set.of());
        Caller admin = Caller.of(CAST.admin, true, Set.of());
        Policy noUsers = new Policy(false, false, false, 0, false);
        Policy limitTwo = new Policy(false, false, true, 2, false);
        assertThatThrownBy(() -> Permissions.requireCreateIn(alice, CAST.aliceSpace, noUsers, 0))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FORBIDDEN))
                .hasMessageContaining("only administrators");
        Permissions.requireCreateIn(admin, CAST.aliceSpace, noUsers, 100);
        Permissions.requireCreateIn(alice, CAST.aliceSpace, limitTwo, 1);
        assertThatThrownBy(() -> Permissions.requireCreateIn(alice, CAST.aliceSpace, limitTwo, 2))
                .hasMessageContaining("limit of 2 collections");
        Permissions.requireCreateIn(alice, CAST.aliceSpace, Policy.DEFAULTS, 10_000);
    }

    @Test
    void privateOnlyMakesNewCollectionsPrivateAndRefusesPublic() {
        Policy privateOnly = new Policy(true, false, true, 0, false);
        Policy defaultPrivate = new Policy(false, true, true, 0, false);
        assertThat(Permissions.newCollectionIsPrivate(Policy.DEFAULTS, CAST.aliceSpace, false)).isFalse();
        assertThat(Permissions.newCollectionIsPrivate(Policy.DEFAULTS, CAST.aliceSpace, true)).isTrue();
        assertThat(Permissions.newCollectionIsPrivate(privateOnly, CAST.aliceSpace, false)).isTrue();
        assertThat(Permissions.newCollectionIsPrivate(defaultPrivate, CAST.aliceSpace, false)).isTrue();
        assertThatThrownBy(() -> Permissions.requirePrivacyAllowed(privateOnly, false))
                .hasMessageContaining("PRIVATE_ONLY");
        Permissions.requirePrivacyAllowed(privateOnly, true);
        Permissions.requirePrivacyAllowed(defaultPrivate, false);
    }
}
