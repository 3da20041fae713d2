package org.sregistry.web.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Messages for the user, by key of the console's bundle ({@code messages.properties}). */
@ApplicationScoped
public class ConsoleMessages {

    static final String BUNDLE = "org.sregistry.web.console.messages";

    public void info(String key, Object... args) {
        add(FacesMessage.SEVERITY_INFO, text(key, args));
    }

    public void error(String key, Object... args) {
        add(FacesMessage.SEVERITY_ERROR, text(key, args));
    }

    /** An error whose text is already made (a service's message, which never holds secrets). */
    public void errorText(String text) {
        add(FacesMessage.SEVERITY_ERROR, text);
    }

    /** Keeps the messages across a redirect (post, redirect, get). */
    public void keepForRedirect() {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
    }

    public String text(String key, Object... args) {
        try {
            String pattern = ResourceBundle.getBundle(BUNDLE, locale()).getString(key);
            return args.length == 0 ? pattern : MessageFormat.format(pattern, args);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    private static java.util.Locale locale() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces == null || faces.getViewRoot() == null ? java.util.Locale.ENGLISH : faces.getViewRoot().getLocale();
    }

    private static void add(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }
}
