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

/** {@code account/team.xhtml?name=T}: members and roles; for owners add, remove, role and invite links. */
public class TeamPage extends ConsolePage {

    public TeamPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public TeamPage openTeam(String team) {
        open("account/team.xhtml?name=" + team);
        return this;
    }

    public String name() {
        return find("teamName").getText();
    }

    /** Member to role, as listed. */
    public Map<String, String> members() {
        return find("membersForm:members").findElements(By.cssSelector("tbody tr")).stream()
                .filter(tr -> !tr.findElements(By.cssSelector(".member-name")).isEmpty())
                .collect(Collectors.toMap(tr -> tr.findElement(By.cssSelector(".member-name")).getText(),
                        tr -> tr.findElement(By.cssSelector(".member-role")).getText()));
    }

    public boolean canManage() {
        return present("addMemberForm:add");
    }

    public TeamPage add(String user, String roleLabel) {
        type("addMemberForm:user", user);
        selectMenu("addMemberForm:role", roleLabel);
        find("addMemberForm:add").click();
        waitForAjax();
        return this;
    }

    public TeamPage makeOwner(String user) {
        row(user).findElement(By.cssSelector("button[id$=':makeOwner']")).click();
        waitForAjax();
        return this;
    }

    public TeamPage remove(String user) {
        row(user).findElement(By.cssSelector("button[id$=':remove']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("membersForm:confirmYes"))).click();
        waitForAjax();
        return this;
    }

    /** Makes an invite link and reads it from the page, where it is shown once. */
    public String createInviteLink() {
        find("inviteForm:invite").click();
        waitForAjax();
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("inviteLink"))).getText();
    }

    private WebElement row(String user) {
        return find("membersForm:members").findElements(By.cssSelector("tbody tr")).stream()
                .filter(tr -> !tr.findElements(By.cssSelector(".member-name")).isEmpty()
                        && tr.findElement(By.cssSelector(".member-name")).getText().equals(user))
                .findFirst().orElseThrow(() -> new AssertionError("no member row " + user));
    }
}
