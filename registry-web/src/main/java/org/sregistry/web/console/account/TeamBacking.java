package org.sregistry.web.console.account;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import org.sregistry.collection.Permissions;
import org.sregistry.team.Team;
import org.sregistry.team.TeamRole;
import org.sregistry.team.TeamService;
import org.sregistry.web.api.PublicUrl;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.ConsolePaths;
import org.sregistry.web.console.CurrentUser;

/**
 * {@code account/team.xhtml?name=T} (view scoped: the team's name must still be known when a
 * postback decides whether the owner's forms are there): a team's members; its owners add and remove members, change
 * roles and make invite links (each shown once, in the response that made it).
 */
@Named
@ViewScoped
public class TeamBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    TeamService teams;

    @Inject
    CurrentUser user;

    @Inject
    PublicUrl publicUrl;

    @Inject
    ConsoleMessages messages;

    private String name;
    private transient Team team; // read again after the view was stored
    private String member;
    private TeamRole role = TeamRole.MEMBER;
    private int inviteDays = (int) TeamService.INVITE_TTL.toDays();
    private String inviteLink;

    /** On opening the page: a team the caller may not see is the not-found page. */
    public void load() {
        getTeam();
    }

    public Team getTeam() {
        if (team == null) {
            team = teams.view(user.caller(), name);
        }
        return team;
    }

    public boolean isManager() {
        return Permissions.canManage(user.caller(), getTeam());
    }

    public void add() {
        team = teams.putMember(user.caller(), name, member, role);
        messages.info("team.member.put", member, role);
        member = null;
    }

    public void changeRole(String username, TeamRole newRole) {
        team = teams.putMember(user.caller(), name, username, newRole);
        messages.info("team.member.put", username, newRole);
    }

    public void remove(String username) {
        team = teams.removeMember(user.caller(), name, username);
        messages.info("team.member.removed", username);
    }

    public void invite() {
        var made = teams.invite(user.caller(), name, Duration.ofDays(inviteDays));
        inviteLink = publicUrl.base() + ConsolePaths.ROOT + "/account/join.xhtml?team=" + name + "&code=" + made.code();
    }

    public TeamRole[] getRoles() {
        return TeamRole.values();
    }

    public String getInviteLink() {
        return inviteLink;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getMember() {
        return member;
    }

    public void setMember(String member) {
        this.member = member;
    }

    public TeamRole getRole() {
        return role;
    }

    public void setRole(TeamRole role) {
        this.role = role;
    }

    public int getInviteDays() {
        return inviteDays;
    }

    public void setInviteDays(int inviteDays) {
        this.inviteDays = inviteDays;
    }
}
