package org.sregistry.web.console.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.sregistry.account.AccountService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** The password form of {@code account/index.xhtml} (local accounts only; the current one is required). */
@Named
@RequestScoped
public class PasswordBacking {

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private String current;
    private String replacement;

    public void change() {
        accounts.changePassword(user.caller(), current, replacement);
        messages.info("account.password.changed");
    }

    public String getCurrent() {
        return current;
    }

    public void setCurrent(String current) {
        this.current = current;
    }

    public String getReplacement() {
        return replacement;
    }

    public void setReplacement(String replacement) {
        this.replacement = replacement;
    }
}
