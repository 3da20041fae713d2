package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/users.xhtml}: accounts, roles, activation, passwords and robot tokens. */
public class AdminUsersPage extends ConsolePage {

    public AdminUsersPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminUsersPage open() {
        open("admin/users.xhtml");
        return this;
    }

    public AdminUsersPage create(String username, String password, String role, boolean service) {
        type("usersForm:newUsername", username);
        if (password != null) {
            type("usersForm:newPassword", password);
        }
        select("usersForm:newRole", role);
        if (service) {
            find("usersForm:newService").findElement(By.className("ui-chkbox-box")).click();
        }
        click("usersForm:create");
        return this;
    }

    /** Shows only the accounts whose name contains {@code name}: the account is row 0 then. */
    public AdminUsersPage show(String name) {
        filter("usersForm:filter", name);
        waitUntil(() -> present("usersForm:users:0:name") && find("usersForm:users:0:name").getText().equals(name));
        return this;
    }

    public String state() {
        return cell("usersForm:users", 0, "state");
    }

    public String role() {
        return cell("usersForm:users", 0, "role");
    }

    public AdminUsersPage changeRole(String name, String role) {
        type("usersForm:editUsername", name);
        select("usersForm:editRole", role);
        click("usersForm:saveRole");
        return this;
    }

    public AdminUsersPage rowAction(String action) {
        click("usersForm:users:0:" + action);
        return this;
    }

    /** The password or token just made, shown once. */
    public String secret() {
        return text("secret");
    }
}
