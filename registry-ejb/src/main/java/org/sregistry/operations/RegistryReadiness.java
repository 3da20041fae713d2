package org.sregistry.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.sregistry.registry.RegistryDataSource;
import org.sregistry.registry.SchemaMigration;
import org.sregistry.storage.BlobBackend;
import org.sregistry.storage.BlobStore;

/**
 * Ready to serve: the database answers, its schema is migrated (this node's Flyway run finished and
 * no migration is recorded as failed), the storage folder (the upload area, and the blobs when they
 * are files) accepts a file and has more free space than {@code registry.health.min-free-bytes}, and
 * an S3 blob store's bucket answers. Served by Payara at {@code /health/ready}.
 */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    /** Looked up on first use, not injected: see {@link RegistryDataSource#lookup()}. */
    private DataSource dataSource;

    private DataSource dataSource() {
        if (dataSource == null) {
            dataSource = RegistryDataSource.lookup();
        }
        return dataSource;
    }

    @Inject
    BlobStore store;

    @Inject
    @ConfigProperty(name = "registry.health.min-free-bytes", defaultValue = "1073741824")
    long minFreeBytes;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("registry").up();
        database(response);
        storage(response, store.root(), minFreeBytes);
        blobs(response, store.backend());
        return response.build();
    }

    /** Reports where the blobs are and whether that answers (a bucket, for the S3 backend). */
    static void blobs(HealthCheckResponseBuilder response, BlobBackend backend) {
        try {
            backend.check();
            response.withData("blobs", "UP: " + backend.describe());
        } catch (RuntimeException e) {
            response.down().withData("blobs", "DOWN: " + backend.describe() + ": " + e.getMessage());
        }
    }

    private void database(HealthCheckResponseBuilder response) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            response.withData("database", "UP");
            try (ResultSet failed = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = FALSE")) {
                failed.next();
                long failures = failed.getLong(1);
                String version = SchemaMigration.version();
                if (version == null) {
                    response.down().withData("schema", "DOWN: migrations have not finished on this node");
                } else if (failures > 0) {
                    response.down().withData("schema", "DOWN: " + failures + " failed migration(s) in flyway_schema_history");
                } else {
                    response.withData("schema", version);
                }
            }
        } catch (SQLException e) {
            response.down().withData("database", "DOWN: " + e.getMessage());
        }
    }

    /** Writes and deletes a probe file under {@code uploads/} and compares the usable space with the threshold. */
    static void storage(HealthCheckResponseBuilder response, Path root, long minFreeBytes) {
        try {
            Path probe = Files.createTempFile(root.resolve("uploads"), ".health-", ".probe");
            Files.delete(probe);
            long free = Files.getFileStore(root).getUsableSpace();
            response.withData("storageFreeBytes", free).withData("storageMinFreeBytes", minFreeBytes);
            if (free < minFreeBytes) {
                response.down().withData("storage", "DOWN: " + free + " bytes free under " + root
                        + ", below REGISTRY_HEALTH_MIN_FREE_BYTES=" + minFreeBytes);
            } else {
                response.withData("storage", "UP");
            }
        } catch (IOException | RuntimeException e) {
            response.down().withData("storage", "DOWN: cannot write under " + root + ": " + e);
        }
    }
}
