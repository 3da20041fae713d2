package org.sregistry.it.console;

import java.net.URL;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every page object shares: the console's address on loopback, waiting for pages and for
 * PrimeFaces' Ajax queue, the global messages, the logged-in user, and screenshots.
 */
public abstract class ConsolePage {

    protected final WebDriver driver;
    protected final String base;

    protected ConsolePage(WebDriver driver, URL deployed) {
        this.driver = driver;
        String path = deployed.getPath().isEmpty() ? "/" : deployed.getPath();
        this.base = "http://127.0.0.1:" + deployed.getPort() + (path.endsWith("/") ? path : path + "/");
    }

    /** Opens a console page by its path below {@code /console/}, e.g. {@code "index.xhtml"}. */
    protected void open(String pathAndQuery) {
        driver.get(base + "console/" + pathAndQuery);
        waitForPage();
    }

    protected void waitForPage() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                ((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Waits until PrimeFaces has no Ajax request queued or running. */
    protected void waitForAjax() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return !window.PrimeFaces || PrimeFaces.ajax.Queue.isEmpty();")));
    }

    /**
     * Clicks a button or link that loads another page (a non-Ajax submit, a redirect) and waits
     * until the old page is gone and the new one has loaded, so the next step never acts on the
     * page that was being left.
     */
    protected void clickAndWaitForNewPage(String id) {
        WebElement element = find(id);
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(element));
        waitForPage();
    }

    /** Whether an element belongs to a page that is gone (Chrome says so in more than one way). */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("does not belong to the document") || message.contains("stale")) {
                return true;
            }
            throw e;
        }
    }

    /** Picks an option of a PrimeFaces select menu by its label, through the widget (no overlay to click past). */
    protected void selectMenu(String id, String label) {
        find(id);
        ((JavascriptExecutor) driver).executeScript("var w = PrimeFaces.getWidgetById(arguments[0]);"
                + " var o = Array.from(w.input[0].options).find(x => x.text === arguments[1]);"
                + " w.selectValue(o.value); w.input.trigger('change');", id, label);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> find(id + "_label").getText().equals(label));
    }

    /** Picks an option of a PrimeFaces select menu by its label and waits for the Ajax it starts. */
    protected void select(String id, String label) {
        selectMenu(id, label);
        waitForAjax();
    }

    /** Clicks an Ajax button or link and waits until PrimeFaces' queue is empty again. */
    protected void click(String id) {
        find(id).click();
        waitForAjax();
    }

    /** Types into a table's filter box and waits for the table it updates. */
    protected void filter(String id, String value) {
        type(id, value);
        find(id).sendKeys(Keys.SPACE, Keys.BACK_SPACE);
        try {
            Thread.sleep(600); // the filter's keyup delay
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waitForAjax();
    }

    /**
     * Filters the table with {@code value} and polls until {@code shown} holds (60 s at most). When the
     * filter box no longer holds {@code value} (an earlier Ajax update of the whole form re-rendered
     * it after the typing: seen once in CI right after a revocation), the value is typed again.
     */
    protected void filterUntil(String id, String value, BooleanSupplier shown) {
        filter(id, value);
        waitUntil(() -> {
            if (!value.equals(find(id).getAttribute("value"))) {
                filter(id, value);
                return false;
            }
            return shown.getAsBoolean();
        });
    }

    /**
     * Polls {@code condition} until it holds (60 s at most), for what an Ajax update shows later. An
     * element that the update replaced between finding and reading it only means: ask again.
     */
    protected void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(300))
                .ignoring(StaleElementReferenceException.class).until(d -> condition.getAsBoolean());
    }

    /** The element's text, read again when a polling update replaced the element meanwhile. */
    protected String text(String id) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> find(id).getText());
    }

    /** The text of cell {@code id} in row {@code row} of table {@code table} (ids as the page gives them). */
    public String cell(String table, int row, String id) {
        return find(table + ":" + row + ":" + id).getText();
    }

    protected WebElement find(String id) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    protected boolean present(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    protected void type(String id, String text) {
        WebElement input = find(id);
        input.clear();
        input.sendKeys(text);
    }

    /** The page's global messages (errors and confirmations), as shown. */
    public String messages() {
        return present("messages") ? find("messages").getText() : "";
    }

    /** The logged-in user the top bar shows, or null when nobody is logged in. */
    public String loggedInUser() {
        return present("userForm:accountLink") ? find("userForm:accountLink").getText() : null;
    }

    public String title() {
        return driver.getTitle();
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public void screenshot(String name) {
        Browser.screenshot(driver, name);
    }

    public void logout() {
        clickAndWaitForNewPage("userForm:logout");
    }
}
