package org.sregistry.web.console.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.sregistry.account.AccountDeletion;
import org.sregistry.account.AccountExport;
import org.sregistry.account.AccountService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.team.TeamMember;
import org.sregistry.team.TeamService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.ConsolePaths;
import org.sregistry.web.console.CurrentUser;

/**
 * The "Your data" and "Delete account" parts of {@code account/index.xhtml}: the export as a file
 * download, and deleting the account after the person typed their username; a deleted account's
 * session ends and the browser lands on the login page.
 */
@Named
@RequestScoped
public class AccountDeletionBacking {

    @Inject
    AccountDeletion deletion;

    @Inject
    AccountExport export;

    @Inject
    AccountService accounts;

    @Inject
    TeamService teams;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private String confirm;
    private String choice = "transfer";
    private String team;
    private List<ContainerCollection> owned;

    /** The collections that go with the account (moved or deleted). */
    public List<ContainerCollection> getOwned() {
        if (owned == null) {
            owned = deletion.ownedBy(accounts.self(user.caller()));
        }
        return owned;
    }

    public List<String> getTeams() {
        return teams.membershipsOf(user.caller().accountId()).stream().map(TeamMember::getTeam).map(t -> t.getName()).toList();
    }

    public void delete() throws IOException, ServletException {
        AccountDeletion.Collections what = "delete".equals(choice) ? AccountDeletion.Collections.DELETE
                : AccountDeletion.Collections.TRANSFER;
        deletion.delete(user.caller(), confirm, what, team);
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + ConsolePaths.LOGIN + "?deleted=true");
        FacesContext.getCurrentInstance().responseComplete();
    }

    /** The export as a JSON file (the same document as {@code GET /api/account/export}'s {@code data}). */
    public void download() throws Exception {
        AccountExport.Export data = export.export(user.caller());
        byte[] json;
        try (Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withFormatting(true))) {
            json = jsonb.toJson(data).getBytes(StandardCharsets.UTF_8);
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        external.responseReset();
        external.setResponseContentType("application/json");
        external.setResponseContentLength(json.length);
        external.setResponseHeader("Content-Disposition", "attachment; filename=\"account-" + data.profile().username()
                + "-" + LocalDate.now(ZoneOffset.UTC) + ".json\"");
        try (OutputStream out = external.getResponseOutputStream()) {
            out.write(json);
        }
        faces.responseComplete();
    }

    public String getConfirm() {
        return confirm;
    }

    public void setConfirm(String confirm) {
        this.confirm = confirm;
    }

    public String getChoice() {
        return choice;
    }

    public void setChoice(String choice) {
        this.choice = choice;
    }

    public String getTeam() {
        return team;
    }

    public void setTeam(String team) {
        this.team = team;
    }
}
