package org.sregistry.it.console;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sign-in form of the test OpenID Connect provider (mock-oauth2-server with interactive login):
 * any username becomes the ID token's subject, and the claims typed as JSON are added to it.
 */
public class ProviderLoginPage {

    private final WebDriver driver;

    public ProviderLoginPage(WebDriver driver) {
        this.driver = driver;
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
    }

    /** The authorization request's address, as the registry sent the browser here. */
    public String url() {
        return driver.getCurrentUrl();
    }

    /** Signs in as {@code subject} with extra claims; the provider sends the browser back to the registry. */
    public void signIn(String subject, String claimsJson) {
        driver.findElement(By.name("username")).sendKeys(subject);
        // the claims are JSON: set the value at once instead of typing braces one by one
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];",
                driver.findElement(By.name("claims")), claimsJson);
        driver.findElement(By.cssSelector("input[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                ((JavascriptExecutor) d).executeScript("return document.readyState")) && !d.getCurrentUrl().contains("/authorize"));
    }
}
