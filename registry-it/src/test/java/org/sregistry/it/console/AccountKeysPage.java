package org.sregistry.it.console;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code account/keys.xhtml}: the caller's keystore keys, revoked with a confirmation. */
public class AccountKeysPage extends ConsolePage {

    public AccountKeysPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AccountKeysPage open() {
        open("account/keys.xhtml");
        return this;
    }

    public String table() {
        return find("keysForm:keys").getText();
    }

    public String state(int row) {
        return cell("keysForm:keys", row, "state");
    }

    public AccountKeysPage revoke(int row) {
        click("keysForm:keys:" + row + ":revoke");
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.ui-confirmdialog-yes"))).click();
        waitForAjax();
        return this;
    }
}
