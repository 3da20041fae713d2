package org.sregistry.registry;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import java.sql.Connection;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The registry's one data source, every attribute from MicroProfile Config: an H2 file database
 * under the data directory by default, MariaDB when {@code REGISTRY_DB_*} is set. Same build, both.
 */
@DataSourceDefinition(
        name = RegistryDataSource.JNDI_NAME,
        className = "${MPCONFIG=registry.db.class}",
        url = "${MPCONFIG=registry.db.url}",
        user = "${MPCONFIG=registry.db.user}",
        password = "${MPCONFIG=registry.db.password}",
        // READ COMMITTED: a create that waited on a parent row lock must see the row its rival committed
        isolationLevel = Connection.TRANSACTION_READ_COMMITTED,
        minPoolSize = 2,
        maxPoolSize = 64,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=meta-data"
        })
@Singleton
public class RegistryDataSource {

    public static final String JNDI_NAME = "java:app/jdbc/registry";

    /**
     * The data source, looked up when first needed. CDI beans (health checks, metrics) use this
     * instead of {@code @Resource}: in the EAR on Payara Server, CDI resolves resource injection
     * points while the application deploys, before this definition's name is bound, and the
     * deployment fails; EJBs may keep {@code @Resource}.
     */
    public static DataSource lookup() {
        try {
            return (DataSource) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException e) {
            throw new IllegalStateException("the registry's data source " + JNDI_NAME + " is not available", e);
        }
    }
}
