package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationCheckTest {

    @TempDir
    Path dir;

    /** A map-backed Config: enough for the check, which reads strings only. */
    static Config config(Map<String, String> values) {
        return new Config() {
            @Override
            public <T> T getValue(String name, Class<T> type) {
                return getOptionalValue(name, type).orElseThrow();
            }

            @Override
            public ConfigValue getConfigValue(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
                return Optional.ofNullable(values.get(name)).map(type::cast);
            }

            @Override
            public Iterable<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public Iterable<ConfigSource> getConfigSources() {
                return java.util.List.of();
            }

            @Override
            public <T> Optional<Converter<T>> getConverter(Class<T> type) {
                return Optional.empty();
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                throw new IllegalArgumentException();
            }
        };
    }

    Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        m.put("registry.upload.part-size", "67108864");
        m.put("registry.upload.expiry", "PT24H");
        m.put("registry.transfer.url-ttl", "PT1H");
        m.put("registry.api.max-json-bytes", "1048576");
        m.put("registry.download.redirect", "true");
        m.put("registry.download.zero-copy", "true");
        m.put("registry.upload.direct-io", "true");
        m.put("registry.health.min-free-bytes", "1073741824");
        m.put("registry.storage.dir", dir.resolve("storage").toString());
        return m;
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(ConfigurationCheck.problems(config(valid()))).isEmpty();
    }

    @Test
    void eachInvalidSettingIsNamedByItsVariable() {
        Map<String, String> m = valid();
        m.put("registry.upload.part-size", "12");
        m.put("registry.upload.expiry", "tomorrow");
        m.put("registry.download.redirect", "yes");
        m.put("registry.download.zero-copy", "off");
        m.put("registry.upload.direct-io", "1");
        m.put("registry.public.url", "sif.example.org");
        m.put("registry.proxy.trusted", "proxy.example.org");
        assertThat(ConfigurationCheck.problems(config(m))).hasSize(7)
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_UPLOAD_PART_SIZE (registry.upload.part-size) = '12'"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_UPLOAD_EXPIRY"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_DOWNLOAD_REDIRECT"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_DOWNLOAD_ZERO_COPY"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_UPLOAD_DIRECT_IO"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_PUBLIC_URL").contains("absolute http(s) URL"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_PROXY_TRUSTED"));
    }

    @Test
    void aPublicUrlMustBeHttpWithAHost() {
        Map<String, String> m = valid();
        m.put("registry.public.url", "https://sif.example.org/");
        assertThat(ConfigurationCheck.problems(config(m))).isEmpty();
        m.put("registry.public.url", "ftp://sif.example.org");
        assertThat(ConfigurationCheck.problems(config(m))).hasSize(1);
    }

    @Test
    void theFreeSpaceThresholdIsANumberOfBytes() {
        Map<String, String> m = valid();
        m.put("registry.health.min-free-bytes", "0");
        assertThat(ConfigurationCheck.problems(config(m))).isEmpty();
        m.put("registry.health.min-free-bytes", "10G");
        assertThat(ConfigurationCheck.problems(config(m))).singleElement().asString()
                .startsWith("REGISTRY_HEALTH_MIN_FREE_BYTES (registry.health.min-free-bytes) = '10G'");
        m.put("registry.health.min-free-bytes", "-1");
        assertThat(ConfigurationCheck.problems(config(m))).hasSize(1);
    }

    @Test
    void aJobScheduleIsOnOffOrFiveCronStyleFields() {
        Map<String, String> m = valid();
        m.put("registry.jobs.upload-cleanup.schedule", "* * * * *");
        m.put("registry.jobs.storage-cleanup.schedule", "false");
        m.put("registry.jobs.storage-verify.schedule", "23 4 * * Sun");
        m.put("registry.jobs.limits-reset.schedule", "true");
        assertThat(ConfigurationCheck.problems(config(m))).isEmpty();
        m.put("registry.jobs.upload-cleanup.schedule", "every minute");
        assertThat(ConfigurationCheck.problems(config(m))).singleElement().asString()
                .startsWith("REGISTRY_JOBS_UPLOAD_CLEANUP_SCHEDULE (registry.jobs.upload-cleanup.schedule) = 'every minute'");
        m.put("registry.jobs.upload-cleanup.schedule", "0 * * * * ?");
        assertThat(ConfigurationCheck.problems(config(m))).hasSize(1);
    }

    @Test
    void theS3BackendNeedsABucketAndValidSettings() {
        Map<String, String> m = valid();
        m.put("registry.storage.backend", "s3");
        assertThat(ConfigurationCheck.problems(config(m))).singleElement().asString()
                .startsWith("REGISTRY_S3_BUCKET (registry.s3.bucket) is not set");

        m.put("registry.s3.bucket", "sif-blobs");
        m.put("registry.s3.endpoint", "http://127.0.0.1:9000");
        m.put("registry.s3.access-key", "registry");
        m.put("registry.s3.secret-key", "secret");
        m.put("registry.s3.pulls", "redirect");
        assertThat(ConfigurationCheck.problems(config(m))).isEmpty();

        m.put("registry.s3.bucket", "Sif_Blobs");
        m.put("registry.s3.endpoint", "s3.example.org");
        m.put("registry.s3.pulls", "sometimes");
        m.put("registry.s3.url-ttl", "P30D");
        m.put("registry.s3.path-style", "maybe");
        m.remove("registry.s3.secret-key");
        assertThat(ConfigurationCheck.problems(config(m))).hasSize(6)
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_S3_BUCKET (registry.s3.bucket) = 'Sif_Blobs'"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_S3_ENDPOINT").contains("absolute http(s) URL"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_S3_PULLS").endsWith("must be proxy or redirect"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_S3_URL_TTL").contains("at most 7 days"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_S3_PATH_STYLE"))
                .anySatisfy(p -> assertThat(p).startsWith("REGISTRY_S3_ACCESS_KEY and REGISTRY_S3_SECRET_KEY must be set together"));
    }

    @Test
    void theBackendIsFileOrS3AndS3SettingsAloneAreIgnored() {
        Map<String, String> m = valid();
        m.put("registry.s3.pulls", "sometimes"); // not checked while the blobs are files
        m.put("registry.storage.backend", "FILE");
        assertThat(ConfigurationCheck.problems(config(m))).isEmpty();
        m.put("registry.storage.backend", "gcs");
        assertThat(ConfigurationCheck.problems(config(m))).singleElement().asString()
                .isEqualTo("REGISTRY_STORAGE_BACKEND (registry.storage.backend) = 'gcs': must be file or s3");
    }
}
