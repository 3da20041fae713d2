package org.sregistry.web.console.account;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import org.sregistry.collection.Permissions;
import org.sregistry.registry.RegistryException;
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
    private static final String TEAM = TeamBacking.class.getName() + ".team";

    @Inject
    TeamService teams;

    @Inject
    CurrentUser user;

    @Inject
    PublicUrl publicUrl;

    @Inject
    ConsoleMessages messages;

    private String name;
    private String member;
    private TeamRole role = TeamRole.MEMBER;
    private int inviteDays = (int) TeamService.INVITE_TTL.toDays();
    private String inviteLink;

    /** On opening the page: a team the caller may not see is the not-found page. */
    public void load() {
        if (name == null) {
            throw RegistryException.notFound("no team named");
        }
        getTeam();
    }

    /**
     * The team as the database has it now, read once per request (not kept in the view: a postback
     * must see the rows the way a fresh read orders them, and a change made by someone else).
     */
    public Team getTeam() {
        return (Team) FacesContext.getCurrentInstance().getAttributes()
                .computeIfAbsent(TEAM, k -> teams.view(user.caller(), name));
    }

    private void changed(Team changed) {
        FacesContext.getCurrentInstance().getAttributes().put(TEAM, changed);
    }

    public boolean isManager() {
        return Permissions.canManage(user.caller(), getTeam());
    }

    public void add() {
        changed(teams.putMember(user.caller(), name, member, role));
        messages.info("team.member.put", member, role);
        member = null;
    }

    public void changeRole(String username, TeamRole newRole) {
        changed(teams.putMember(user.caller(), name, username, newRole));
        messages.info("team.member.put", username, newRole);
    }

    public void remove(String username) {
        changed(teams.removeMember(user.caller(), name, username));
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

    /** Set from the address when the page opens; a postback (no parameter) keeps the view's name. */
    public void setName(String name) {
        if (name != null && !name.isBlank()) {
            this.name = name;
        }
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
