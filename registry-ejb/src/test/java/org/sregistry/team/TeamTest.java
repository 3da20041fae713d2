package org.sregistry.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Account;
import org.sregistry.account.Role;
import org.sregistry.namespace.Namespace;

class TeamTest {

    final Account carol = new Account("carol", Role.USER, false);
    final Account erin = new Account("erin", Role.USER, false);
    final Team lab = new Team(new Namespace("lab", Namespace.Kind.TEAM, null), true, carol);

    @Test
    void theCreatorIsTheFirstOwnerAndTheLastOwnerStays() {
        assertThat(lab.roleOf(carol.getId())).contains(TeamRole.OWNER);
        assertThatThrownBy(() -> lab.remove(carol.getId())).hasMessageContaining("at least one owner");
        assertThatThrownBy(() -> lab.changeRole(carol.getId(), TeamRole.MEMBER)).hasMessageContaining("at least one owner");
        lab.put(erin, TeamRole.OWNER);
        lab.changeRole(carol.getId(), TeamRole.MEMBER);
        assertThat(lab.roleOf(carol.getId())).contains(TeamRole.MEMBER);
        lab.remove(carol.getId());
        assertThat(lab.roleOf(carol.getId())).isEmpty();
    }

    @Test
    void anInviteIsSingleUseAndExpires() {
        var invite = new TeamInvite(lab, TeamService.hash("code"), "carol", Instant.now().plusSeconds(60));
        assertThat(invite.isUsable(Instant.now())).isTrue();
        assertThat(invite.isUsable(Instant.now().plusSeconds(61))).isFalse();
        invite.use(Instant.now());
        assertThat(invite.isUsable(Instant.now())).isFalse();
        assertThat(TeamService.hash("code")).hasSize(64).isNotEqualTo("code");
    }
}
