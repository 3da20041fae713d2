package org.sregistry.it.console;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code account/index.xhtml}: profile, password and "my collections". */
public class AccountPage extends ConsolePage {

    public AccountPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AccountPage open() {
        open("account/index.xhtml");
        return this;
    }

    public String username() {
        return find("profileUsername").getText();
    }

    public String role() {
        return find("profileRole").getText();
    }

    public String loginSource() {
        return find("profileSource").getText();
    }

    public String lastLogin() {
        return find("profileLastLogin").getText();
    }

    public String teams() {
        return find("profileTeams").getText();
    }

    public String displayName() {
        return find("profileForm:displayName").getAttribute("value");
    }

    public String email() {
        return find("profileForm:email").getAttribute("value");
    }

    public AccountPage saveProfile(String displayName, String email) {
        type("profileForm:displayName", displayName);
        type("profileForm:email", email);
        find("profileForm:save").click();
        waitForAjax();
        return this;
    }

    public AccountPage changePassword(String current, String replacement, String confirm) {
        type("passwordForm:current", current);
        type("passwordForm:replacement", replacement);
        type("passwordForm:confirm", confirm);
        find("passwordForm:change").click();
        waitForAjax();
        return this;
    }

    /** Messages attached to the password form's fields (validation). */
    public String passwordFormText() {
        return find("passwordForm").getText();
    }

    /** The "my collections" rows as {@code entity/collection}. */
    public List<String> collections() {
        return find("collections").findElements(By.cssSelector("a[id$=':open']")).stream().map(e -> e.getText()).toList();
    }

    /** The address the row of {@code path} links to. */
    public String collectionLink(String path) {
        return find("collections").findElements(By.cssSelector("a[id$=':open']")).stream()
                .filter(e -> e.getText().equals(path)).findFirst().orElseThrow().getAttribute("href");
    }

    /** Creates a collection in the caller's own namespace with the account page's form (a full page load follows). */
    public void createCollection(String name, String description, boolean makePrivate) {
        type("newCollectionForm:name", name);
        type("newCollectionForm:description", description);
        if (makePrivate) {
            find("newCollectionForm:private").findElement(By.cssSelector(".ui-chkbox-box")).click();
        }
        clickAndWaitForNewPage("newCollectionForm:create");
    }

    /** The collections the "Delete account" section says go with the account. */
    public String ownedCollections() {
        return find("deleteForm:ownedCollections").getText();
    }

    /**
     * Deletes the account, its collections going to {@code team}: picks the team, types
     * {@code confirmation} and confirms the dialog; a full page load follows (the login page on success).
     */
    public void deleteAccount(String team, String confirmation) {
        if (team != null) {
            selectMenu("deleteForm:team", team);
        }
        type("deleteForm:confirmName", confirmation);
        find("deleteForm:deleteAccount").click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.ui-confirmdialog-yes"))).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("/account/index.xhtml")
                || d.findElements(By.cssSelector(".ui-messages-error, .ui-growl-message-error")).size() > 0);
        waitForPage();
    }

    /**
     * What "Download my data" sends: the form's own POST (view state and session included), made
     * with fetch so that the file's body can be read instead of landing in a download folder.
     * Answers the status, the Content-Disposition header and the body, one a line.
     */
    public String downloadExport() {
        find("exportForm:download");
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + " var f = document.getElementById('exportForm'); var d = new URLSearchParams(new FormData(f));"
                + " d.append('exportForm:download', 'exportForm:download');"
                + " fetch(f.action, {method: 'POST', body: d, credentials: 'same-origin'})"
                + ".then(r => r.text().then(t => done(r.status + '\\n' + r.headers.get('Content-Disposition') + '\\n' + t)))"
                + ".catch(e => done('failed\\n\\n' + e));");
        return String.valueOf(answer);
    }

    /** The login page's notice that the account was deleted, if shown. */
    public boolean deletedNoticeShown() {
        return present("accountDeleted");
    }
}
