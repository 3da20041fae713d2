package org.sregistry.registry;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.storage.S3Settings;

/**
 * Checks every registry setting before anything else starts, and stops the start-up with a
 * message that names each invalid setting by its environment variable and property, rather than
 * failing later somewhere less clear.
 */
@Singleton
@Startup
public class ConfigurationCheck {

    private static final System.Logger LOG = System.getLogger(ConfigurationCheck.class.getName());
    static final long MIN_PART_SIZE = 1024 * 1024;

    @PostConstruct
    void checkAtStartup() {
        List<String> problems = problems(ConfigProvider.getConfig(getClass().getClassLoader()));
        if (!problems.isEmpty()) {
            String message = "invalid registry configuration:\n  " + String.join("\n  ", problems);
            LOG.log(System.Logger.Level.ERROR, message);
            throw new IllegalStateException(message);
        }
    }

    static List<String> problems(Config config) {
        List<String> problems = new ArrayList<>();
        checkSetting(config, problems, "registry.upload.part-size", Long::valueOf, v -> v >= MIN_PART_SIZE,
                "must be a number of bytes of at least " + MIN_PART_SIZE);
        checkSetting(config, problems, "registry.upload.expiry", Duration::parse, v -> !v.isNegative() && !v.isZero(),
                "must be a positive ISO-8601 duration such as PT24H");
        checkSetting(config, problems, "registry.transfer.url-ttl", Duration::parse, v -> !v.isNegative() && !v.isZero(),
                "must be a positive ISO-8601 duration such as PT1H");
        checkSetting(config, problems, "registry.api.max-json-bytes", Long::valueOf, v -> v >= 1024,
                "must be a number of bytes of at least 1024");
        checkSetting(config, problems, "registry.download.redirect", ConfigurationCheck::bool, v -> true,
                "must be true or false");
        checkSetting(config, problems, "registry.download.zero-copy", ConfigurationCheck::bool, v -> true,
                "must be true or false");
        checkSetting(config, problems, "registry.upload.direct-io", ConfigurationCheck::bool, v -> true,
                "must be true or false");
        checkSetting(config, problems, "registry.public.url", URI::create,
                u -> ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                        && (u.getRawQuery() == null) && (u.getRawFragment() == null),
                "must be an absolute http(s) URL such as https://sif.example.org");
        checkSetting(config, problems, "registry.proxy.trusted", TrustedProxies::parse, v -> true,
                "must be a comma-separated list of IP addresses or CIDR ranges");
        checkSetting(config, problems, "registry.health.min-free-bytes", Long::valueOf, v -> v >= 0,
                "must be a number of bytes (0 or more)");
        checkSetting(config, problems, "registry.share.max-days", Integer::valueOf, v -> v >= 1 && v <= 3650,
                "must be a number of days from 1 to 3650");
        for (String job : List.of("upload-cleanup", "storage-cleanup", "storage-verify", "limits-reset")) {
            checkSetting(config, problems, "registry.jobs." + job + ".schedule", s -> s, ConfigurationCheck::schedule,
                    "must be true, false or a schedule of five fields 'minute hour day-of-month month day-of-week'"
                            + " such as '*/5 * * * *'");
        }
        checkSetting(config, problems, "registry.storage.dir", Path::of, ConfigurationCheck::usableDirectory,
                "must be a folder the server can create and write");
        checkSetting(config, problems, S3Settings.BACKEND, v -> v.toLowerCase(Locale.ROOT), v -> v.equals("file") || v.equals("s3"),
                "must be file or s3");
        if (S3Settings.chosen(config)) {
            s3Problems(config, problems);
        }
        return problems;
    }

    /** The S3 settings, checked only when the S3 backend is chosen. */
    private static void s3Problems(Config config, List<String> problems) {
        if (S3Settings.value(config, S3Settings.BUCKET).isEmpty()) {
            problems.add(environmentName(S3Settings.BUCKET) + " (" + S3Settings.BUCKET + ") is not set: "
                    + environmentName(S3Settings.BACKEND) + "=s3 needs the name of the bucket that holds the blobs");
        }
        checkSetting(config, problems, S3Settings.BUCKET, v -> v, v -> v.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
                "must be an S3 bucket name: 3 to 63 lower-case letters, digits, '.' and '-'");
        checkSetting(config, problems, S3Settings.ENDPOINT, URI::create,
                u -> ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                        && u.getRawQuery() == null,
                "must be an absolute http(s) URL of the S3 service such as https://s3.example.org:9000");
        checkSetting(config, problems, S3Settings.REGION, v -> v, v -> v.matches("[a-z0-9-]+"),
                "must be a region name such as us-east-1");
        checkSetting(config, problems, S3Settings.PATH_STYLE, ConfigurationCheck::bool, v -> true, "must be true or false");
        checkSetting(config, problems, S3Settings.PREFIX, v -> v, v -> !v.startsWith("/") && !v.contains("//"),
                "must be a key prefix without a leading '/', such as registry/");
        checkSetting(config, problems, S3Settings.PULLS, v -> v.toLowerCase(Locale.ROOT),
                v -> v.equals("proxy") || v.equals("redirect"), "must be proxy or redirect");
        // SigV4 presigned URLs are valid for at most seven days
        checkSetting(config, problems, S3Settings.URL_TTL, Duration::parse,
                v -> !v.isNegative() && !v.isZero() && v.compareTo(Duration.ofDays(7)) <= 0,
                "must be a positive ISO-8601 duration of at most 7 days such as PT15M");
        boolean access = S3Settings.value(config, S3Settings.ACCESS_KEY).isPresent();
        boolean secret = S3Settings.value(config, S3Settings.SECRET_KEY).isPresent();
        if (access != secret) {
            problems.add(environmentName(S3Settings.ACCESS_KEY) + " and " + environmentName(S3Settings.SECRET_KEY)
                    + " must be set together (or neither, for the AWS default credentials)");
        }
    }

    private static <T> void checkSetting(Config config, List<String> problems, String name, Function<String, T> parse,
            java.util.function.Predicate<T> valid, String rule) {
        Optional<String> raw = config.getOptionalValue(name, String.class).map(String::trim).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return;
        }
        boolean ok;
        try {
            ok = valid.test(parse.apply(raw.get()));
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            problems.add(environmentName(name) + " (" + name + ") = '" + raw.get() + "': " + rule);
        }
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Boolean bool(String s) {
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(s);
        }
        return Boolean.valueOf(s);
    }

    /** true, false, or five cron-style fields of the EJB calendar syntax (checked again when the timer is made). */
    static boolean schedule(String s) {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return true;
        }
        String[] fields = s.trim().split("\\s+");
        return fields.length == 5 && java.util.Arrays.stream(fields).allMatch(f -> f.matches("[0-9A-Za-z*/,\\-]+"));
    }

    private static boolean usableDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isDirectory(dir) && Files.isWritable(dir);
        } catch (Exception e) {
            return false;
        }
    }
}
