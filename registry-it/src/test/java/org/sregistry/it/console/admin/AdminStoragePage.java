package org.sregistry.it.console.admin;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/storage.xhtml}: storage in total and per collection, the chart, quotas. */
public class AdminStoragePage extends ConsolePage {

    public AdminStoragePage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminStoragePage open() {
        open("admin/storage.xhtml");
        return this;
    }

    /** The text of cell {@code id} in row {@code row} of table {@code table} (ids as the page gives them). */
    public String cell(String table, int row, String id) {
        return find(table + ":" + row + ":" + id).getText();
    }

    void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(300)).until(d -> condition.getAsBoolean());
    }

    String text(String id) {
        return find(id).getText();
    }

    void click(String id) {
        find(id).click();
        waitForAjax();
    }

    /** Types into a filter box and waits for the table it updates. */
    void filter(String id, String value) {
        type(id, value);
        find(id).sendKeys(org.openqa.selenium.Keys.SPACE, org.openqa.selenium.Keys.BACK_SPACE);
        try {
            Thread.sleep(600); // the filter's keyup delay
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waitForAjax();
    }

    /** Picks an option of a PrimeFaces select menu by its label. */
    void select(String id, String label) {
        find(id);
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("var w = PrimeFaces.getWidgetById(arguments[0]);"
                + " var o = Array.from(w.input[0].options).find(x => x.text === arguments[1]);"
                + " w.selectValue(o.value); w.input.trigger('change');", id, label);
        waitUntil(() -> find(id + "_label").getText().equals(label));
        waitForAjax();
    }

    public long totalBytes() {
        return Long.parseLong(find("totalBytes").getAttribute("data-bytes"));
    }

    public boolean hasChart() {
        return present("topChart") && !driver.findElements(By.cssSelector("#topChart canvas")).isEmpty();
    }

    /** The storage row of one collection: path, images, bytes, blobs. */
    public String[] collection(String path) {
        filter("storageForm:filter", path);
        waitUntil(() -> present("storageForm:collections:0:path") && text("storageForm:collections:0:path").equals(path));
        return new String[] {text("storageForm:collections:0:path"), text("storageForm:collections:0:images"),
                text("storageForm:collections:0:bytes"), text("storageForm:collections:0:blobs")};
    }

    public AdminStoragePage setQuota(String entity, long mib) {
        type("storageForm:quotaEntity", entity);
        type("storageForm:quotaMib_input", String.valueOf(mib));
        click("storageForm:saveQuota");
        return this;
    }

    public String quotaOf(String entity) {
        filter("storageForm:entityFilter", entity);
        waitUntil(() -> present("storageForm:entities:0:entity") && text("storageForm:entities:0:entity").equals(entity));
        return text("storageForm:entities:0:quota");
    }
}
