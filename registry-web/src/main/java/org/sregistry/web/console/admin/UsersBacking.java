package org.sregistry.web.console.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.sregistry.account.Account;
import org.sregistry.account.AccountService;
import org.sregistry.account.Role;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/users.xhtml}: people and service accounts; roles, activation, passwords, robot tokens. */
@Named("adminUsers")
@ViewScoped
public class UsersBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser user;

    @Inject
    AccountService accounts;

    @Inject
    TokenService tokens;

    @Inject
    ConsoleMessages messages;

    private String filter;
    private final PagedModel<Account> model = new PagedModel<>(() -> accounts.count(user.caller(), filter),
            (offset, limit) -> accounts.list(user.caller(), filter, offset, limit), Account::getId);

    private String username;
    private String password;
    private Role role = Role.USER;
    private boolean service;
    private String tokenName = "ci";
    private String secret;
    private String secretFor;
    private String editUsername;
    private Role editRole = Role.USER;

    public String getEditUsername() {
        return editUsername;
    }

    public void setEditUsername(String editUsername) {
        this.editUsername = editUsername;
    }

    public Role getEditRole() {
        return editRole;
    }

    public void setEditRole(Role editRole) {
        this.editRole = editRole;
    }

    public void create() {
        accounts.create(user.caller(), username, service ? null : blankToNull(password), role, service);
        messages.info("admin.users.created", username);
        username = null;
        password = null;
        service = false;
    }

    public void changeRole() {
        accounts.update(user.caller(), editUsername, editRole, null);
        messages.info("admin.users.roleChanged", editUsername, editRole);
    }

    /** Fills the role form with a row's account. */
    public void edit(Account account) {
        editUsername = account.getUsername();
        editRole = account.getRole();
    }

    public void setActive(String name, boolean active) {
        accounts.update(user.caller(), name, null, active);
        messages.info(active ? "admin.users.activated" : "admin.users.deactivated", name);
    }

    public void resetPassword(String name) {
        show(name, accounts.resetPassword(user.caller(), name));
    }

    public void issueToken(String name) {
        show(name, tokens.issue(user.caller(), accounts.get(name), tokenName, ApiToken.Scope.WRITE, null, null).secret());
    }

    private void show(String name, String value) {
        secretFor = name;
        secret = value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public Role[] getRoles() {
        return Role.values();
    }

    public PagedModel<Account> getModel() {
        return model;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public boolean isService() {
        return service;
    }

    public void setService(boolean service) {
        this.service = service;
    }

    public String getTokenName() {
        return tokenName;
    }

    public void setTokenName(String tokenName) {
        this.tokenName = tokenName;
    }

    /** A password or token just made: shown on this page once, then forgotten with the view. */
    public String getSecret() {
        return secret;
    }

    public String getSecretFor() {
        return secretFor;
    }
}
