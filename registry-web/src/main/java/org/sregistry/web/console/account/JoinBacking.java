package org.sregistry.web.console.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.sregistry.team.TeamService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/**
 * {@code account/join.xhtml?team=T&code=C}: an invite link. Opening it changes nothing; the
 * confirm button (a POST) spends the code and makes the caller a member.
 */
@Named
@RequestScoped
public class JoinBacking {

    @Inject
    TeamService teams;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private String team;
    private String code;

    public String join() {
        messages.info("join.joined", teams.join(user.caller(), team, code).getName());
        messages.keepForRedirect();
        return "/account/team?faces-redirect=true&name=" + team;
    }

    public String getTeam() {
        return team;
    }

    public void setTeam(String team) {
        this.team = team;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }
}
