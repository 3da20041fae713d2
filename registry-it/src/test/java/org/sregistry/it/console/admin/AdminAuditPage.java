package org.sregistry.it.console.admin;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/audit.xhtml}: the audit log, filtered by actor and action. */
public class AdminAuditPage extends ConsolePage {

    public AdminAuditPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminAuditPage open() {
        open("admin/audit.xhtml");
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

    public AdminAuditPage filterBy(String actor, String action) {
        type("auditForm:actor", actor == null ? "" : actor);
        select("auditForm:action", action == null ? "any action" : action);
        click("auditForm:apply");
        return this;
    }

    public String table() {
        return text("auditForm:events");
    }
}
