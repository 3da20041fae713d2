package org.sregistry.registry;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Reads and writes the registry-wide values kept in the database. */
@Stateless
public class SettingService {

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    @Resource(lookup = RegistryDataSource.JNDI_NAME)
    DataSource dataSource;

    public Optional<String> find(String name) {
        return Optional.ofNullable(em.find(RegistrySetting.class, name)).map(RegistrySetting::getValue);
    }

    /** The values of those of {@code names} that are set, in one statement. */
    public Map<String, String> findAll(Collection<String> names) {
        Map<String, String> values = new HashMap<>();
        em.createQuery("select s from RegistrySetting s where s.name in :names", RegistrySetting.class)
                .setParameter("names", names).getResultList().forEach(s -> values.put(s.getName(), s.getValue()));
        return values;
    }

    /**
     * The value of {@code name}, created from {@code initial} when absent. Outside any transaction,
     * so that every read sees what other nodes committed: the insert runs in a transaction of its
     * own, and when a rival node inserted the row first, the loser's insert fails and it reads and
     * returns the winner's value (every node ends up with the same one).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String getOrCreate(String name, Supplier<String> initial) {
        Optional<String> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        context.getBusinessObject(SettingService.class).insertIfAbsent(name, initial.get());
        return find(name).orElseThrow(() -> new IllegalStateException("setting " + name + " vanished after its insert"));
    }

    /**
     * Serialises the current transaction with every other transaction, on any node, that locks
     * {@code name}: the row {@code lock.<name>} is created when missing (a rival's concurrent insert
     * is fine) and then locked ({@code SELECT ... FOR UPDATE}) until the transaction ends. Call it
     * before anything else is read in the transaction. For one-time work that several nodes starting
     * at once on an empty database would otherwise all do.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void lock(String name) {
        String key = "lock." + name;
        // no plain read in the caller's transaction before the lock: on MariaDB (REPEATABLE READ) the
        // first plain read fixes the snapshot, which would then miss what the lock's previous holder
        // committed. The row is inserted, if missing, in a transaction of its own.
        context.getBusinessObject(SettingService.class).insertIfAbsent(key, "-");
        em.find(RegistrySetting.class, key, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Inserts the row in a transaction of its own unless the name exists; a rival node's insert of
     * the same name at the same moment is no error (its value stays). Plain JDBC, so that the lost
     * race is not logged as a persistence failure.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insertIfAbsent(String name, String value) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM registry_setting WHERE name = ?")) {
            exists.setString(1, name);
            if (exists.executeQuery().next()) {
                return;
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO registry_setting (name, setting_value) VALUES (?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, value);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
                // integrity constraint violation: another node inserted the row first
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert setting " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stores {@code value} under {@code name}, replacing any value it had. */
    public void put(String name, String value) {
        RegistrySetting setting = em.find(RegistrySetting.class, name);
        if (setting == null) {
            em.persist(new RegistrySetting(name, value));
        } else {
            setting.setValue(value);
        }
    }

    /** The names of the settings that start with {@code prefix} (letters, digits and dots: no LIKE wildcards). */
    public java.util.List<String> namesStartingWith(String prefix) {
        return em.createQuery("select s.name from RegistrySetting s where s.name like :prefix", String.class)
                .setParameter("prefix", prefix + "%")
                .getResultList();
    }

    /** Forgets the value of {@code name}; false when there was none. */
    public boolean remove(String name) {
        RegistrySetting setting = em.find(RegistrySetting.class, name);
        if (setting != null) {
            em.remove(setting);
        }
        return setting != null;
    }
}
