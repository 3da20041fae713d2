package org.sregistry.web.console.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.sregistry.team.TeamMember;
import org.sregistry.team.TeamService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code account/teams.xhtml}: the caller's teams; create one, join an open one by name, leave one. */
@Named
@RequestScoped
public class TeamsBacking {

    @Inject
    TeamService teams;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private String name;
    private String description;
    private boolean inviteOnly;
    private String joinName;
    private List<TeamMember> memberships;

    public String create() {
        String created = teams.create(user.caller(), name, description, inviteOnly).getName();
        messages.info("teams.created", created);
        messages.keepForRedirect();
        return "/account/team?faces-redirect=true&name=" + created;
    }

    public void join() {
        messages.info("teams.joined", teams.join(user.caller(), joinName, null).getName());
        joinName = null;
        memberships = null;
    }

    public void leave(String team) {
        teams.leave(user.caller(), team);
        messages.info("teams.left", team);
        memberships = null;
    }

    public List<TeamMember> getMemberships() {
        if (memberships == null) {
            memberships = teams.membershipsOf(user.caller().accountId());
        }
        return memberships;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public boolean isInviteOnly() {
        return inviteOnly;
    }

    public void setInviteOnly(boolean inviteOnly) {
        this.inviteOnly = inviteOnly;
    }

    public String getJoinName() {
        return joinName;
    }

    public void setJoinName(String joinName) {
        this.joinName = joinName;
    }
}
