package org.sregistry.it.collection;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sregistry.it.console.ConsolePage;

/** {@code collection-settings.xhtml}: privacy, description, members, frozen tags, deletion. */
public class CollectionSettingsPage extends ConsolePage {

    public CollectionSettingsPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public CollectionSettingsPage open(String entity, String collection) {
        open("collection-settings.xhtml?entity=" + entity + "&collection=" + collection);
        return this;
    }

    public int status() {
        return present("error") ? Integer.parseInt(find("error").getAttribute("data-status")) : 200;
    }

    public boolean isPrivate() {
        return find("settingsForm:private_input").isSelected();
    }

    /** Sets privacy and description and saves them. */
    public CollectionSettingsPage save(boolean makePrivate, String description) {
        if (isPrivate() != makePrivate) {
            find("settingsForm:private").findElement(By.cssSelector(".ui-chkbox-box")).click();
        }
        type("settingsForm:description", description);
        find("settingsForm:save").click();
        waitForAjax();
        return this;
    }

    /** Sets the signature policy (ANY, LISTED_KEYS, MEMBERS) and the listed fingerprints, one per line, and saves. */
    public CollectionSettingsPage signaturePolicy(String policy, String keys) {
        new Select(find("signatureForm:policy")).selectByValue(policy);
        type("signatureForm:signerKeys", keys == null ? "" : keys);
        find("signatureForm:saveSignature").click();
        waitForAjax();
        return this;
    }

    public CollectionSettingsPage addMember(String user, String role) {
        new Select(find("membersForm:memberKind")).selectByValue("USER");
        type("membersForm:memberName", user);
        new Select(find("membersForm:memberRole")).selectByValue(role);
        find("membersForm:addMember").click();
        waitForAjax();
        return this;
    }

    public String members() {
        return find("membersForm:members").getText();
    }

    public String tags() {
        return find("tagsForm:tags").getText();
    }

    /** Freezes {@code tag} of {@code container} (its first architecture row). */
    public CollectionSettingsPage freeze(String container, String tag) {
        tagRow(container, tag).findElement(By.cssSelector("button[id$=':freeze']")).click();
        waitForAjax();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> !tagRow(container, tag).findElements(By.cssSelector("button[id$=':thaw']")).isEmpty());
        return this;
    }

    private WebElement tagRow(String container, String tag) {
        return driver.findElement(By.xpath("//tbody[@id='tagsForm:tags_data']/tr[td[1][normalize-space()='" + container
                + "'] and td[2][normalize-space()='" + tag + "']]"));
    }

    /** Deletes the collection, confirming the dialog; the browser lands on the home page. */
    public void deleteCollection() {
        find("dangerForm:delete").click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.ui-confirmdialog-yes"))).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/console/index.xhtml"));
        waitForPage();
    }
}
