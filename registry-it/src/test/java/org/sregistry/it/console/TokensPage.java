package org.sregistry.it.console;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code account/tokens.xhtml}: list, create (secret shown once in a dialog), revoke with confirmation. */
public class TokensPage extends ConsolePage {

    public TokensPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public TokensPage open() {
        open("account/tokens.xhtml");
        return this;
    }

    /**
     * Fills in the form and creates the token; {@code expires} as {@code yyyy-MM-dd} or null,
     * {@code collection} an {@code entity/collection} label to limit the token to, or null.
     */
    public TokensPage create(String name, String expires, String scopeLabel, String collection) {
        type("newTokenForm:name", name);
        if (expires != null) {
            WebElement date = find("newTokenForm:expires_input");
            date.clear();
            date.sendKeys(expires, Keys.ESCAPE);
            // typed like a keyboard user: the calendar opens from its button only (showOnFocus="false")
        }
        if (scopeLabel != null) {
            find("newTokenForm:scope").click();
            visible(By.cssSelector("#newTokenForm\\:scope_items li[data-label='" + scopeLabel + "']")).click();
        }
        if (collection != null) {
            find("newTokenForm:limit").click();
            visible(By.cssSelector("#newTokenForm\\:limit_panel li[data-item-value] label")); // panel open
            driver.findElements(By.cssSelector("#newTokenForm\\:limit_panel li")).stream()
                    .filter(li -> li.getText().trim().equals(collection)).findFirst().orElseThrow()
                    .findElement(By.cssSelector(".ui-chkbox-box")).click();
            find("newTokenForm:name").click(); // closes the panel
        }
        find("newTokenForm:create").click();
        waitForAjax();
        return this;
    }

    public boolean secretDialogShown() {
        return present("secretValue") && find("secretDialog").isDisplayed();
    }

    /** The secret, read from the dialog where it is shown once. */
    public String secret() {
        return visible(By.id("secretValue")).getText();
    }

    public String loginHint() {
        return find("remoteLoginHint").getText();
    }

    public void copySecret() {
        find("copySecret").click();
    }

    public void closeSecretDialog() {
        find("closeSecret").click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.invisibilityOfElementLocated(By.id("secretDialog")));
    }

    /** The table row of token {@code name}, as shown (name, scope, collections, dates, state). */
    public String row(String name) {
        return tokenRow(name).getText();
    }

    public boolean hasRevokeButton(String name) {
        return !tokenRow(name).findElements(By.cssSelector("button[id$=':revoke']")).isEmpty();
    }

    /** Revokes token {@code name}, confirming in the dialog. */
    public TokensPage revoke(String name) {
        tokenRow(name).findElement(By.cssSelector("button[id$=':revoke']")).click();
        visible(By.id("tokensForm:confirmYes")).click();
        waitForAjax();
        return this;
    }

    private WebElement tokenRow(String name) {
        return find("tokensForm:tokens").findElements(By.cssSelector("tbody tr")).stream()
                .filter(tr -> !tr.findElements(By.cssSelector(".token-name")).isEmpty()
                        && tr.findElement(By.cssSelector(".token-name")).getText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no token row " + name));
    }

    private WebElement visible(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }
}
