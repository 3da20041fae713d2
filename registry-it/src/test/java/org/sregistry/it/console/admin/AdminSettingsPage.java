package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/settings.xhtml}: the registry policies and where each value comes from. */
public class AdminSettingsPage extends ConsolePage {

    public AdminSettingsPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminSettingsPage open() {
        open("admin/settings.xhtml");
        return this;
    }

    private int row(String name) {
        for (int i = 0; present("settingsForm:settings:" + i + ":name"); i++) {
            if (text("settingsForm:settings:" + i + ":name").equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no setting " + name);
    }

    public String source(String name) {
        return cell("settingsForm:settings", row(name), "source");
    }

    public String value(String name) {
        return find("settingsForm:settings:" + row(name) + ":value").getAttribute("value");
    }

    public AdminSettingsPage set(String name, String value) {
        int row = row(name);
        type("settingsForm:settings:" + row + ":value", value);
        click("settingsForm:settings:" + row + ":save");
        return this;
    }

    public AdminSettingsPage reset(String name) {
        click("settingsForm:settings:" + row(name) + ":reset");
        return this;
    }
}
