package org.sregistry.web.site;

import java.util.Locale;

/** A small flat SVG badge, {@code label | value}, in the shape README badges usually have. */
final class Badges {

    private static final int HEIGHT = 20;
    private static final int PAD = 6;

    private Badges() {}

    static String svg(String label, String value) {
        int lw = width(label) + 2 * PAD;
        int vw = width(value) + 2 * PAD;
        int w = lw + vw;
        String l = Sitemaps.escape(label);
        String v = Sitemaps.escape(value);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + HEIGHT + "\" role=\"img\""
                + " aria-label=\"" + l + ": " + v + "\"><title>" + l + ": " + v + "</title>"
                + "<rect width=\"" + lw + "\" height=\"" + HEIGHT + "\" fill=\"#555\"/>"
                + "<rect x=\"" + lw + "\" width=\"" + vw + "\" height=\"" + HEIGHT + "\" fill=\"#2b7bb9\"/>"
                + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
                + "<text x=\"" + (lw / 2) + "\" y=\"14\">" + l + "</text>"
                + "<text x=\"" + (lw + vw / 2) + "\" y=\"14\">" + v + "</text></g></svg>";
    }

    /** {@code 1234} as {@code 1.2k}, {@code 3400000} as {@code 3.4M}: badges stay short. */
    static String compact(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return trim(n / 1000.0) + "k";
        }
        return trim(n / 1_000_000.0) + "M";
    }

    private static String trim(double d) {
        String s = String.format(Locale.ROOT, "%.1f", Math.floor(d * 10) / 10);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Approximate text width in pixels at 11px Verdana: wide enough for the text, never negative. */
    private static int width(String s) {
        return (int) Math.ceil(s.length() * 7.0);
    }
}
