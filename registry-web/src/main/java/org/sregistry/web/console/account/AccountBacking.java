package org.sregistry.web.console.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.sregistry.account.Account;
import org.sregistry.account.AccountService;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.team.TeamMember;
import org.sregistry.team.TeamService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code account/index.xhtml}: the caller's profile, teams and collections. */
@Named
@RequestScoped
public class AccountBacking {

    @Inject
    AccountService accounts;

    @Inject
    CollectionService collections;

    @Inject
    TeamService teams;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private Account account;
    private String displayName;
    private String email;
    private List<ContainerCollection> mine;

    @PostConstruct
    void load() {
        account = accounts.self(user.caller());
        displayName = account.getDisplayName();
        email = account.getEmail();
    }

    public void save() {
        account = accounts.updateProfile(user.caller(), displayName, email);
        messages.info("account.saved");
    }

    public Account getAccount() {
        return account;
    }

    public List<TeamMember> getTeams() {
        return teams.membershipsOf(account.getId());
    }

    public List<ContainerCollection> getCollections() {
        if (mine == null) {
            mine = collections.mine(user.caller());
        }
        return mine;
    }

    /** The caller's role on a collection of the list, for its "my role" column. */
    public String roleOn(ContainerCollection collection) {
        return collection.roleOf(user.caller()).map(Enum::name).orElse("");
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }
}
