package org.sregistry.it.console.admin;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/jobs.xhtml}: start a batch job, follow it, and the history. */
public class AdminJobsPage extends ConsolePage {

    public AdminJobsPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminJobsPage open() {
        open("admin/jobs.xhtml");
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

    public AdminJobsPage start(String job) {
        select("jobsForm:job", job);
        click("jobsForm:run");
        return this;
    }

    /** Starts {@code job} with {@code parameters} typed into the fields the page shows for it. */
    public AdminJobsPage start(String job, java.util.Map<String, String> parameters) {
        select("jobsForm:job", job);
        parameters.forEach((name, value) -> parameter(name).sendKeys(value));
        click("jobsForm:run");
        return this;
    }

    /** The input type of the field for parameter {@code name} of the job picked. */
    public String parameterType(String job, String name) {
        select("jobsForm:job", job);
        return parameter(name).getAttribute("type");
    }

    private org.openqa.selenium.WebElement parameter(String name) {
        return driver.findElement(By.cssSelector("#jobsForm\\:params input[placeholder='" + name + "']"));
    }

    /** Waits (the page polls) until the run on show has ended, and answers its status. */
    public String awaitEnd() {
        waitUntil(() -> {
            String status = present("status") ? text("status") : "";
            return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("STOPPED") || status.equals("ABANDONED");
        });
        return text("status");
    }

    public long executionId() {
        return Long.parseLong(text("executionId"));
    }

    public String summary() {
        return text("summary");
    }

    public String metrics() {
        return text("jobsForm:steps:0:metrics");
    }

    public String history() {
        return text("jobsForm:history");
    }
}
