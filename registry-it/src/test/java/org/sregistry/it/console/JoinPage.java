package org.sregistry.it.console;

import java.net.URL;
import org.openqa.selenium.WebDriver;

/** {@code account/join.xhtml?team=T&code=C}: an invite link; opening it asks, the button joins. */
public class JoinPage extends ConsolePage {

    public JoinPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    /** Opens an invite link as handed out (absolute); its host is this registry's. */
    public JoinPage openLink(String link) {
        driver.get(link.replaceFirst("^https?://[^/]+", base.replaceFirst("^(https?://[^/]+).*$", "$1")));
        waitForPage();
        return this;
    }

    public String question() {
        return find("joinQuestion").getText();
    }

    public void confirm() {
        // a full submit: wait for the page it loads, not the one being left
        clickAndWaitForNewPage("joinForm:join");
    }
}
