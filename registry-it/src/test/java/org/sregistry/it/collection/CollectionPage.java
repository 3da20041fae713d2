package org.sregistry.it.collection;

import java.net.URL;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.console.ConsolePage;

/** {@code collection.xhtml}: a collection's containers, star, pull and push commands. */
public class CollectionPage extends ConsolePage {

    public CollectionPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public CollectionPage open(String entity, String collection) {
        open("collection.xhtml?entity=" + entity + "&collection=" + collection);
        return this;
    }

    /** The HTTP status the console's error page reports, or 200 when the page itself was shown. */
    public int status() {
        return present("error") ? Integer.parseInt(find("error").getAttribute("data-status")) : 200;
    }

    public String heading() {
        return find("collectionName").getText();
    }

    public String description() {
        return find("description").getText();
    }

    public String containers() {
        return find("containers").getText();
    }

    /** The pull command shown in row {@code row} (from 0). */
    public String pullCommand(int row) {
        return find("pull-" + row).getText();
    }

    public String pushCommand() {
        return find("pushCommand").getText();
    }

    public boolean offersStar() {
        return present("starForm:star");
    }

    public String starButton() {
        return find("starForm:star").getText();
    }

    public long starCount() {
        return Long.parseLong(find("starForm:starCount").getText().trim());
    }

    public CollectionPage toggleStar() {
        String before = starButton();
        find("starForm:star").click();
        waitForAjax();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(10))
                .until(d -> !starButton().equals(before));
        return this;
    }

    public boolean offersSettings() {
        return present("starForm:settings");
    }

    public void openContainer(String name) {
        driver.findElement(By.linkText(name)).click();
        waitForPage();
    }
}
