package org.sregistry.it.console;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** {@code collections.xhtml}: the lazy browse table (filter by name, sort by column, pages). */
public class CollectionsPage extends ConsolePage {

    private static final String TABLE = "browse:collections";

    public CollectionsPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public CollectionsPage open() {
        open("collections.xhtml");
        return this;
    }

    /** The page narrowed by an address parameter: {@code entity}, {@code tag} or {@code label}. */
    public CollectionsPage openWith(String parameter, String value) {
        open("collections.xhtml?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return this;
    }

    /** Types into the name column's filter and waits for the table to reload. */
    public CollectionsPage filter(String text) {
        type(TABLE + ":name:filter", text);
        waitForTableUpdate();
        return this;
    }

    /** Clicks a column header ({@code name}, {@code containers}, {@code lastPush}, {@code size}, {@code downloads}). */
    public CollectionsPage sortBy(String column) {
        find(TABLE + ":" + column).click();
        waitForTableUpdate();
        return this;
    }

    public CollectionsPage nextPage() {
        find(TABLE).findElement(By.cssSelector(".ui-paginator-next")).click();
        waitForTableUpdate();
        return this;
    }

    /** {@code entity/collection} of each row shown, in order. */
    public List<String> paths() {
        return find(TABLE).findElements(By.cssSelector("tbody a.path")).stream().map(WebElement::getText).toList();
    }

    /** The cells of the row for {@code path}, as shown. */
    public String row(String path) {
        return find(TABLE).findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText)
                .filter(t -> t.startsWith(path + " ") || t.startsWith(path + "\n") || t.equals(path)).findFirst().orElse(null);
    }

    /** The paginator's report, e.g. {@code 1–20 of 23}. */
    public String report() {
        return find(TABLE).findElement(By.cssSelector(".ui-paginator-current")).getText();
    }

    public boolean isEmpty() {
        return !find(TABLE).findElements(By.cssSelector("tr.ui-datatable-empty-message")).isEmpty();
    }

    public String activeFilter() {
        return present("activeFilter") ? find("activeFilter").getText() : "";
    }

    private void waitForTableUpdate() {
        try {
            Thread.sleep(400); // the filter's keyup delay (300 ms) before its Ajax request starts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waitForAjax();
    }
}
