package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/teams.xhtml}: every team; delete one. */
public class AdminTeamsPage extends ConsolePage {

    public AdminTeamsPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminTeamsPage open() {
        open("admin/teams.xhtml");
        return this;
    }

    public AdminTeamsPage show(String name) {
        filter("teamsForm:filter", name);
        return this;
    }

    public String names() {
        return text("teamsForm:teams");
    }

    public AdminTeamsPage delete() {
        click("teamsForm:teams:0:delete");
        click("teamsForm:confirmYes");
        return this;
    }
}
