package org.sregistry.it.console.admin;

import java.net.URL;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
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
