package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/index.xhtml}: the registry at a glance. */
public class AdminOverviewPage extends ConsolePage {

    public AdminOverviewPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminOverviewPage open() {
        open("admin/index.xhtml");
        return this;
    }

    public String figure(String id) {
        return text(id);
    }
}
