package org.sregistry.it.console;

import java.net.URL;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** {@code index.xhtml}: the welcome, recent and popular images, and the command-line setup. */
public class HomePage extends ConsolePage {

    public HomePage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public HomePage open() {
        open("index.xhtml");
        return this;
    }

    public String welcome() {
        return find("welcome").getText();
    }

    public String remoteAddCommand() {
        return find("remoteAdd").getText();
    }

    public boolean offersLogin() {
        return present("loginLink");
    }

    /** {@code entity/collection/container} of each recently pushed image listed, newest first. */
    public List<String> recent() {
        return paths("recent");
    }

    /** {@code entity/collection/container} of each popular container listed, most pulled first. */
    public List<String> popular() {
        return paths("popular");
    }

    /** Where the first link to {@code path} in the recent list goes. */
    public String recentLink(String path) {
        return find("recent").findElements(By.cssSelector("a.path")).stream().filter(a -> a.getText().equals(path))
                .findFirst().map(a -> a.getAttribute("href")).orElseThrow();
    }

    private List<String> paths(String section) {
        return find(section).findElements(By.cssSelector("a.path")).stream().map(WebElement::getText).toList();
    }
}
