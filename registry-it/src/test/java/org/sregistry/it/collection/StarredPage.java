package org.sregistry.it.collection;

import java.net.URL;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.console.ConsolePage;

/** {@code account/starred.xhtml}: the collections the user starred. */
public class StarredPage extends ConsolePage {

    public StarredPage(WebDriver driver, URL deployed) {
        super(driver, deployed);
    }

    public StarredPage open() {
        open("account/starred.xhtml");
        return this;
    }

    public String collections() {
        return find("starred").getText();
    }
}
