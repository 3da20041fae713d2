package org.sregistry.it.console;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** {@code search.xhtml?q=}: results grouped by kind. */
public class SearchPage extends ConsolePage {

    public SearchPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public SearchPage search(String q) {
        open("search.xhtml?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        return this;
    }

    /** Searches with the top bar's box, as a visitor would. */
    public SearchPage searchFromTopBar(String q) {
        type("q", q);
        find("q").sendKeys(Keys.ENTER);
        waitForPage();
        return this;
    }

    public List<String> entities() {
        return hits("entityHits", "li");
    }

    public List<String> collections() {
        return hits("collectionHits", "li a");
    }

    public List<String> containers() {
        return hits("containerHits", "li a");
    }

    public List<String> tags() {
        return hits("tagHits", "li a");
    }

    public List<String> labels() {
        return hits("labelHits", "li a");
    }

    /** Follows the link of a hit shown as {@code text} in section {@code sectionId}. */
    public void follow(String sectionId, String text) {
        find(sectionId).findElements(By.cssSelector("li a")).stream().filter(a -> a.getText().equals(text)).findFirst()
                .orElseThrow().click();
        waitForPage();
    }

    public boolean foundNothing() {
        return present("searchNothing");
    }

    private List<String> hits(String section, String css) {
        return present(section)
                ? find(section).findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList()
                : List.of();
    }
}
