package org.sregistry.web.console.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.sregistry.team.Team;
import org.sregistry.team.TeamService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/teams.xhtml}: every team, filtered by name; staff delete empty ones. */
@Named("adminTeams")
@ViewScoped
public class TeamsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser user;

    @Inject
    TeamService teams;

    @Inject
    ConsoleMessages messages;

    private String filter;
    private final PagedModel<Team> model = new PagedModel<>(() -> teams.count(user.caller(), filter),
            (offset, limit) -> teams.list(user.caller(), filter, offset, limit), Team::getId);

    public void delete(String name) {
        teams.delete(user.caller(), name);
        messages.info("admin.teams.deleted", name);
    }

    public PagedModel<Team> getModel() {
        return model;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }
}
