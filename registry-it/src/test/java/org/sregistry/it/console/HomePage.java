package org.sregistry.it.console;

import java.net.URL;
import org.openqa.selenium.WebDriver;

/** {@code index.xhtml}: the welcome and the command-line setup. */
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
}
