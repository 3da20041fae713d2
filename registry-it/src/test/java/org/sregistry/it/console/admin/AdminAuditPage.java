package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.WebDriver;
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
