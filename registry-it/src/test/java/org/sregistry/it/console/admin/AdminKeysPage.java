package org.sregistry.it.console.admin;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/keys.xhtml}: every keystore key, a filter, revocation. */
public class AdminKeysPage extends ConsolePage {

    public AdminKeysPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminKeysPage open() {
        open("admin/keys.xhtml");
        return this;
    }

    /** Shows only the keys matching {@code filter}; waits until row 0 is the key {@code fingerprint}. */
    public AdminKeysPage show(String filter, String fingerprint) {
        filterUntil("keysForm:filter", filter, () -> find("keysForm:keys").findElements(By.cssSelector("tbody tr")).size() == 1
                && find("keysForm:keys").getText().contains(fingerprint));
        return this;
    }

    /** The table's text (fingerprints, owners, user ids, states). */
    public String table() {
        return find("keysForm:keys").getText();
    }

    public String state() {
        return cell("keysForm:keys", 0, "state");
    }

    public AdminKeysPage revoke() {
        click("keysForm:keys:0:revoke");
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.ui-confirmdialog-yes"))).click();
        waitForAjax();
        return this;
    }
}
