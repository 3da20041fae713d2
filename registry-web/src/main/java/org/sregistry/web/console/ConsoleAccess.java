package org.sregistry.web.console;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.web.security.Callers;

/**
 * Which console pages need whom, decided by path before any page runs: {@code account/} pages and
 * {@code upload.xhtml} need a login (anonymous visitors go to the login page and come back), {@code admin/} pages need staff
 * (anyone else gets the not-found page, as for a page that does not exist), and a person who has
 * not yet accepted the terms of use sees them first. Browsing and search are open to everyone; what
 * they show is filtered by the services. The bare {@code /console} goes to the home page.
 */
@WebFilter(urlPatterns = "/console/*")
public class ConsoleAccess extends HttpFilter {

    static final String TERMS_ACCEPTED = ConsoleAccess.class.getName() + ".terms";

    @Inject
    Callers callers;

    @Inject
    AccountService accounts;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String context = request.getContextPath();
        String path = request.getRequestURI().substring(context.length());
        if (path.equals(ConsolePaths.ROOT) || path.equals(ConsolePaths.ROOT + "/")) {
            response.sendRedirect(context + ConsolePaths.HOME);
            return;
        }
        if (path.startsWith(ConsolePaths.ROOT + "/jakarta.faces.resource/")) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller = callers.current();
        boolean loginNeeded = path.startsWith(ConsolePaths.ROOT + "/account/") || path.startsWith(ConsolePaths.ROOT + "/admin/")
                || path.equals(ConsolePaths.TERMS) || path.equals(ConsolePaths.ROOT + "/upload.xhtml");
        if (caller.isAnonymous() && loginNeeded) {
            response.sendRedirect(context + ConsolePaths.LOGIN + "?next=" + encode(here(request)));
            return;
        }
        if (path.startsWith(ConsolePaths.ROOT + "/admin/") && !caller.isStaff()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!caller.isAnonymous() && !path.equals(ConsolePaths.TERMS) && !termsAccepted(request, caller)) {
            response.sendRedirect(context + ConsolePaths.TERMS + "?next=" + encode(here(request)));
            return;
        }
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        chain.doFilter(request, response);
    }

    private boolean termsAccepted(HttpServletRequest request, Caller caller) {
        HttpSession session = request.getSession(false);
        if (session != null && Boolean.TRUE.equals(session.getAttribute(TERMS_ACCEPTED))) {
            return true;
        }
        if (caller.accountId() == null || request.getHeader("Authorization") != null) {
            return true; // token clients never see the console's terms page
        }
        boolean accepted = accounts.self(caller).hasAcceptedTerms();
        if (accepted && session != null) {
            session.setAttribute(TERMS_ACCEPTED, Boolean.TRUE);
        }
        return accepted;
    }

    private static String here(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
