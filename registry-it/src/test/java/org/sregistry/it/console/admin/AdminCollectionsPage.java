package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.console.ConsolePage;

/** {@code admin/collections.xhtml}: every collection, private ones included. */
public class AdminCollectionsPage extends ConsolePage {

    public AdminCollectionsPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public AdminCollectionsPage open() {
        open("admin/collections.xhtml");
        return this;
    }

    public AdminCollectionsPage show(String path) {
        filter("collectionsForm:filter", path);
        waitUntil(() -> present("collectionsForm:collections:0:open") && find("collectionsForm:collections:0:open").getText().equals(path));
        return this;
    }

    public String link() {
        return find("collectionsForm:collections:0:open").getAttribute("href");
    }

    public String privacy() {
        return cell("collectionsForm:collections", 0, "privacy");
    }

    public AdminCollectionsPage makePrivate() {
        click("collectionsForm:collections:0:makePrivate");
        return this;
    }
}
