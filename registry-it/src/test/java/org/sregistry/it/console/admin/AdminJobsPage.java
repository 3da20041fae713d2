package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
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
