package org.sregistry.web.share;

/** Where a share link's secret goes in a URL. */
public final class ShareLinks {

    public static final String PATH = "share";

    private ShareLinks() {}

    /** {@code {base}/share/{secret}}, {@code base} without a trailing slash (as {@code PublicUrl} gives it). */
    public static String url(String base, String secret) {
        return base + "/" + PATH + "/" + secret;
    }
}
