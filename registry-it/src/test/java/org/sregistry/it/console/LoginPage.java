package org.sregistry.it.console;

import java.net.URL;
import org.openqa.selenium.WebDriver;

/** {@code login.xhtml}, and the terms of use that follow a first login. */
public class LoginPage extends ConsolePage {

    public LoginPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public LoginPage open() {
        open("login.xhtml");
        return this;
    }

    /** Fills in and submits the form; where the browser lands is the caller's to check. */
    public LoginPage submit(String username, String password) {
        type("loginForm:username", username);
        type("loginForm:password", password);
        clickAndWaitForNewPage("loginForm:submit");
        return this;
    }

    /** The single sign-on button's text, or null when the page offers none. */
    public String singleSignOnButton() {
        return present("ssoLink") ? find("ssoLink").getText() : null;
    }

    /** Clicks the single sign-on button: the browser goes to the OpenID Connect provider. */
    public void startSingleSignOn() {
        find("ssoLink").click();
        waitForPage();
    }

    public boolean showsTerms() {
        return present("termsForm:accept");
    }

    public void acceptTerms() {
        clickAndWaitForNewPage("termsForm:accept");
    }

    /** Logs in and accepts the terms if asked: the usual way into the console. */
    public LoginPage logIn(String username, String password) {
        open().submit(username, password);
        if (showsTerms()) {
            acceptTerms();
        }
        return this;
    }
}
