package org.sregistry.it.console;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code account/teams.xhtml}: my teams and my role, create, join an open team, leave. */
public class TeamsPage extends ConsolePage {

    private final URL deployed;

    public TeamsPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
        this.deployed = deployed;
    }

    public TeamsPage open() {
        open("account/teams.xhtml");
        return this;
    }

    /** Creates a team; the browser lands on the new team's page. */
    public TeamPage create(String name, String description, boolean inviteOnly) {
        type("newTeamForm:name", name);
        type("newTeamForm:description", description);
        WebElement box = find("newTeamForm:inviteOnly");
        if (inviteOnly != box.findElement(By.cssSelector("input")).isSelected()) {
            box.findElement(By.cssSelector(".ui-chkbox-box")).click();
        }
        // a full submit that redirects to the team's page: wait for that page, not the one being left
        clickAndWaitForNewPage("newTeamForm:create");
        return new TeamPage(driver, deployed);
    }

    public TeamsPage joinOpen(String name) {
        type("joinTeamForm:team", name);
        find("joinTeamForm:join").click();
        waitForAjax();
        return this;
    }

    /** Team name to my role, as listed. */
    public Map<String, String> myTeams() {
        return find("teamsForm:teams").findElements(By.cssSelector("tbody tr")).stream()
                .filter(tr -> !tr.findElements(By.cssSelector(".team-name")).isEmpty())
                .collect(Collectors.toMap(tr -> tr.findElement(By.cssSelector(".team-name")).getText(),
                        tr -> tr.findElement(By.cssSelector(".team-role")).getText()));
    }

    public TeamsPage leave(String team) {
        find("teamsForm:teams").findElements(By.cssSelector("tbody tr")).stream()
                .filter(tr -> !tr.findElements(By.cssSelector(".team-name")).isEmpty()
                        && tr.findElement(By.cssSelector(".team-name")).getText().equals(team))
                .findFirst().orElseThrow().findElement(By.cssSelector("button[id$=':leave']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("teamsForm:confirmYes"))).click();
        waitForAjax();
        return this;
    }
}
