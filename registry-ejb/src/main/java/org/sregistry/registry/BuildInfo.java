package org.sregistry.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build says of itself: its version, written into {@code build.properties} next to this
 * class by Maven's resource filtering. Read as a resource, not from a jar manifest: Payara Server's
 * EAR class loader defines packages without their manifest's attributes, so
 * {@code Package.getImplementationVersion()} answers null there.
 */
public final class BuildInfo {

    private static final String VERSION = read();

    private BuildInfo() {}

    /** The registry's version ({@code 0.1.0-SNAPSHOT}), or "dev" when the resource was not filtered. */
    public static String version() {
        return VERSION;
    }

    static String version(Properties build) {
        String version = build.getProperty("version", "").trim();
        return version.isEmpty() || version.startsWith("${") ? "dev" : version;
    }

    private static String read() {
        Properties build = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading build.properties", e);
        }
        return version(build);
    }
}
