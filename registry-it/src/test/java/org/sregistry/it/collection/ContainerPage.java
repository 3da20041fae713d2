package org.sregistry.it.collection;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sregistry.it.console.ConsolePage;

/** {@code container.xhtml}: tags, images with their SIF metadata, download links, tag moves and deletes. */
public class ContainerPage extends ConsolePage {

    public ContainerPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public ContainerPage open(String entity, String collection, String container) {
        open("container.xhtml?entity=" + entity + "&collection=" + collection + "&container=" + container);
        return this;
    }

    public int status() {
        return present("error") ? Integer.parseInt(find("error").getAttribute("data-status")) : 200;
    }

    public String tags() {
        return find("tagsForm:tags").getText();
    }

    /** The signature badge of row {@code row} of the tags table (valid, unknown key, invalid, unsigned). */
    public String tagVerdict(int row) {
        return find("tagsForm:tags:" + row + ":verdict").getText();
    }

    public String downloadCount() {
        return find("downloadCount").getText();
    }

    /** The sentence above the downloads chart ("N pulls in the last 30 days ..."). */
    public String historyTotal() {
        return find("historyTotal").getText();
    }

    /** The chart's data as its table gives it: day (yyyy-mm-dd) to pulls, oldest first. */
    public java.util.Map<String, Long> historyDays() {
        java.util.Map<String, Long> days = new java.util.LinkedHashMap<>();
        for (WebElement row : find("historyTable").findElements(org.openqa.selenium.By.cssSelector("tbody tr"))) {
            days.put(row.findElement(org.openqa.selenium.By.cssSelector(".day")).getAttribute("textContent").trim(),
                    Long.parseLong(row.findElement(org.openqa.selenium.By.cssSelector(".pulls")).getAttribute("textContent").trim()));
        }
        return days;
    }

    @Override
    public boolean present(String id) {
        return super.present(id);
    }

    /** The card of the image with this sha256 (hex), or null when the page shows no such image. */
    public WebElement image(String sha256) {
        var found = driver.findElements(By.id("image-" + sha256));
        return found.isEmpty() ? null : found.get(0);
    }

    public String deffile(String sha256) {
        return image(sha256).findElement(By.cssSelector("pre.deffile")).getText();
    }

    public String labels(String sha256) {
        return image(sha256).findElement(By.cssSelector("table.labels")).getText();
    }

    public String verdict(String sha256) {
        return image(sha256).findElement(By.cssSelector(".verdict-text")).getText();
    }

    public String imageText(String sha256) {
        return image(sha256).getText();
    }

    public String downloadLink(String sha256) {
        return image(sha256).findElement(By.cssSelector("a.download")).getAttribute("href");
    }

    public boolean offersChanges() {
        return present("moveForm:move");
    }

    /** Points {@code tag} ({@code arch}) at the image with id {@code imageId}, confirming the dialog. */
    public ContainerPage moveTag(String tag, String arch, String imageId) {
        new Select(find("moveForm:moveTag")).selectByValue(tag + "/" + arch);
        new Select(find("moveForm:moveTo")).selectByValue(imageId);
        find("moveForm:move").click();
        confirm();
        return this;
    }

    public ContainerPage deleteImage(String sha256) {
        image(sha256).findElement(By.cssSelector("button[id$=':delete']")).click();
        confirm();
        return this;
    }

    public boolean offersSharing() {
        return present("sharesForm");
    }

    /** Makes a share link to the selected (newest) image for {@code days} and answers its URL, shown once. */
    public String createShare(String days) {
        type("sharesForm:shareDays", days);
        find("sharesForm:createShare").click();
        waitForAjax();
        return find("shareUrl").getText().trim();
    }

    /** The share links table, a row's text per link, newest first. */
    public java.util.List<String> shareRows() {
        return find("sharesForm:shares").findElements(By.cssSelector("tbody tr")).stream()
                .filter(r -> !r.findElements(By.cssSelector(".share-state")).isEmpty()).map(WebElement::getText).toList();
    }

    public String firstShareDownloads() {
        return find("sharesForm:shares").findElement(By.cssSelector(".share-downloads")).getText().trim();
    }

    public ContainerPage revokeFirstShare() {
        find("sharesForm:shares").findElement(By.cssSelector("button[id$=':revokeShare']")).click();
        confirm();
        return this;
    }

    private void confirm() {
        WebElement yes = new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.ui-confirmdialog-yes")));
        yes.click();
        waitForAjax();
    }
}
