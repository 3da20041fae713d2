package org.sregistry.registry;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
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
