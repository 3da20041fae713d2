package org.sregistry.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The settings of the S3 blob store ({@code registry.s3.*}), read once at start-up after
 * {@code ConfigurationCheck} has accepted them.
 *
 * @param endpoint the store's URL; empty for AWS itself, which the region then names
 * @param pathStyle bucket in the path ({@code http://host/bucket/key}) rather than in the host name
 * @param prefix put before every object key, empty or ending in '/'
 * @param redirectPulls answer pulls with a presigned URL of the object rather than the registry's own
 * @param urlTtl how long a presigned URL may be used
 */
public record S3Settings(Optional<URI> endpoint, String region, String bucket, Optional<String> accessKey,
        Optional<String> secretKey, boolean pathStyle, String prefix, boolean redirectPulls, Duration urlTtl) {

    public static final String BACKEND = "registry.storage.backend";
    public static final String ENDPOINT = "registry.s3.endpoint";
    public static final String REGION = "registry.s3.region";
    public static final String BUCKET = "registry.s3.bucket";
    public static final String ACCESS_KEY = "registry.s3.access-key";
    public static final String SECRET_KEY = "registry.s3.secret-key";
    public static final String PATH_STYLE = "registry.s3.path-style";
    public static final String PREFIX = "registry.s3.prefix";
    public static final String PULLS = "registry.s3.pulls";
    public static final String URL_TTL = "registry.s3.url-ttl";

    /** True when {@code registry.storage.backend} chooses S3 ({@code file} is the default). */
    public static boolean chosen(Config config) {
        return value(config, BACKEND).map(v -> v.equalsIgnoreCase("s3")).orElse(false);
    }

    public static S3Settings from(Config config) {
        Optional<URI> endpoint = value(config, ENDPOINT).map(URI::create);
        String prefix = value(config, PREFIX).map(p -> p.endsWith("/") ? p : p + "/").orElse("");
        return new S3Settings(endpoint, value(config, REGION).orElse("us-east-1"), value(config, BUCKET).orElseThrow(),
                value(config, ACCESS_KEY), value(config, SECRET_KEY),
                value(config, PATH_STYLE).map(Boolean::parseBoolean).orElse(endpoint.isPresent()), prefix,
                value(config, PULLS).map(v -> v.equalsIgnoreCase("redirect")).orElse(false),
                value(config, URL_TTL).map(Duration::parse).orElse(Duration.ofMinutes(15)));
    }

    /** A setting's trimmed value; empty when unset or blank. */
    public static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    @Override
    public String toString() {
        // never the keys
        return "bucket " + bucket + endpoint.map(e -> " at " + e).orElse(" in " + region)
                + (prefix.isEmpty() ? "" : " under " + prefix);
    }
}
