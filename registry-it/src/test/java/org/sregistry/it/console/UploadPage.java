package org.sregistry.it.console;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code upload.xhtml}: choose a collection and a file, upload in chunks, read the result. */
public class UploadPage extends ConsolePage {

    public UploadPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public UploadPage open() {
        open("upload.xhtml");
        return this;
    }

    /** The collections offered, as {@code entity/collection}. */
    public List<String> collections() {
        return find("uploadCollection").findElements(By.tagName("option")).stream().map(WebElement::getText).toList();
    }

    public boolean saysNoCollection() {
        return present("uploadNoTargets");
    }

    /** The session's anti-CSRF token the page hands its script. */
    public String token() {
        return find("upload").getAttribute("data-token");
    }

    public UploadPage choose(String collection, Path file, String container, String tag) {
        WebElement select = find("uploadCollection");
        select.findElements(By.tagName("option")).stream().filter(o -> o.getText().equals(collection)).findFirst()
                .orElseThrow(() -> new AssertionError("no collection " + collection + " offered")).click();
        find("uploadFile").sendKeys(file.toAbsolutePath().toString());
        type("uploadContainer", container);
        type("uploadTag", tag);
        return this;
    }

    public String arch() {
        return find("uploadArch").getAttribute("value");
    }

    public void start() {
        find("uploadStart").click();
    }

    public void pause() {
        find("uploadPause").click();
    }

    /** The progress bar's value, 0 to 100. */
    public int progress() {
        return Integer.parseInt(find("uploadProgress").getAttribute("aria-valuenow"));
    }

    public String status() {
        return find("uploadStatus").getText();
    }

    public String error() {
        return find("uploadError").getText();
    }

    /** Waits until the upload finished (the result shows) or failed (an error shows). */
    public UploadPage waitUntilDone() {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> find("uploadResult").isDisplayed()
                || find("uploadError").isDisplayed());
        return this;
    }

    public void waitForStatus(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> status().contains(text));
    }

    public boolean succeeded() {
        return find("uploadResult").isDisplayed();
    }

    public String digest() {
        return find("uploadDigest").getText();
    }

    public String pullCommand() {
        return find("uploadPull").getText();
    }

    public boolean offersUploadInMenu() {
        return present("navUpload");
    }
}
