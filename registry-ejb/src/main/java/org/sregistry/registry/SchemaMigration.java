package org.sregistry.registry;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the database schema up to date on start with Flyway's versioned migrations
 * ({@code db/migration}, and {@link SearchKeysMigration} in Java), before anything else touches the
 * database. The same scripts run on H2 (in MariaDB mode) and on MariaDB.
 */
@Singleton
@Startup
@DependsOn("ConfigurationCheck")
public class SchemaMigration {

    private static final System.Logger LOG = System.getLogger(SchemaMigration.class.getName());

    /** The MariaDB named lock held while a node migrates. */
    static final String LOCK = "sregistry.schema-migration";
    /** How long a node waits for another node's migration before it gives up its start. */
    static final int LOCK_WAIT_SECONDS = 1800;

    /** The schema version once this node's migration finished; null before (readiness reports DOWN). */
    private static volatile String version;

    @Resource(lookup = RegistryDataSource.JNDI_NAME)
    DataSource dataSource;

    public static String version() {
        return version;
    }

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // Flyway commits itself: no XA transaction here
    void migrate() {
        try (Connection lock = dataSource.getConnection()) {
            boolean named = takesNamedLocks(lock);
            if (named) {
                acquire(lock);
            }
            try {
                runFlyway();
            } finally {
                if (named) {
                    release(lock);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("schema migration: " + e.getMessage(), e);
        }
    }

    /**
     * Nodes that start at once on an empty MariaDB database must not migrate side by side: Flyway
     * takes its own lock only once its schema history table exists, so the second node would find
     * the table its rival just created, still empty, and fail to baseline it. A named lock on a
     * connection of our own orders them; the later one then finds the schema up to date. H2 is
     * embedded, one node only.
     */
    private static boolean takesNamedLocks(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return product != null && (product.contains("MariaDB") || product.contains("MySQL"));
    }

    private static void acquire(Connection c) throws SQLException {
        if (getLock(c, 0)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "waiting for another node to finish migrating the database schema");
        if (!getLock(c, LOCK_WAIT_SECONDS)) {
            throw new IllegalStateException("another node has been migrating the database schema for more than "
                    + LOCK_WAIT_SECONDS + " s (MariaDB lock " + LOCK + ")");
        }
    }

    private static boolean getLock(Connection c, int seconds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            s.setString(1, LOCK);
            s.setInt(2, seconds);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getInt(1) == 1;
            }
        }
    }

    private static void release(Connection c) {
        try (PreparedStatement s = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            s.setString(1, LOCK);
            s.executeQuery().close();
        } catch (SQLException e) {
            // the lock goes with the connection anyway
            LOG.log(System.Logger.Level.WARNING, "could not release the schema migration lock: {0}", e.getMessage());
        }
    }

    private void runFlyway() {
        // Flyway must search our class loader: inside Payara its default (the thread's) misses the migrations
        Flyway flyway = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // migrations written in Java, named here rather than found by a class-path scan
                .javaMigrations(new SearchKeysMigration())
                // Payara's batch runtime may create its job tables in the same database first
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        var result = flyway.migrate();
        var current = flyway.info().current();
        version = current == null ? "none" : current.getVersion().getVersion();
        LOG.log(System.Logger.Level.INFO, "database schema at version {0} ({1} migrations applied)",
                version, result.migrationsExecuted);
    }
}
