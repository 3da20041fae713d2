package org.sregistry.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The upload page's anti-CSRF token: random, one per login session, written into the page and sent
 * back by its script in the {@value #HEADER} header. Another site can make a logged-in browser send
 * the session cookie, but cannot read the page to learn the token.
 */
public final class UploadToken {

    public static final String HEADER = "X-Upload-Token";
    static final String ATTRIBUTE = UploadToken.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private UploadToken() {}

    /** The session's token, made on first use. */
    public static String of(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(ATTRIBUTE);
            if (token instanceof String t) {
                return t;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String t = HexFormat.of().formatHex(bytes);
            session.setAttribute(ATTRIBUTE, t);
            return t;
        }
    }

    /** Whether the request carries its session's token (compared in constant time). */
    public static boolean presentIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getHeader(HEADER);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        return sent != null && expected instanceof String e
                && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), e.getBytes(StandardCharsets.UTF_8));
    }
}
