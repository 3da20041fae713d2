package org.sregistry.web.console;

import java.net.URI;

/** The console's addresses, and the one check that a "go back to" address stays inside the console. */
public final class ConsolePaths {

    public static final String ROOT = "/console";
    public static final String HOME = ROOT + "/index.xhtml";
    public static final String LOGIN = ROOT + "/login.xhtml";
    public static final String TERMS = ROOT + "/terms.xhtml";

    private ConsolePaths() {}

    /**
     * {@code next} when it is a path inside this console (so a login link cannot send the user to
     * another site), else the home page; always absolute, with the context path.
     */
    public static String local(String contextPath, String next) {
        if (next != null && !next.isBlank() && !next.contains("\\")) {
            try {
                URI uri = new URI(next);
                String path = uri.getRawPath();
                if (uri.getScheme() == null && uri.getRawAuthority() == null && path != null
                        && path.startsWith(contextPath + ROOT + "/") && !path.contains("/../") && !next.startsWith("//")) {
                    return next;
                }
            } catch (java.net.URISyntaxException e) {
                // not an address: go home
            }
        }
        return contextPath + HOME;
    }
}
