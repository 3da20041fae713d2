package org.sregistry.registry;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads and writes the registry-wide values kept in the database. */
@Stateless
public class SettingService {

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    public Optional<String> find(String name) {
        return Optional.ofNullable(em.find(RegistrySetting.class, name)).map(RegistrySetting::getValue);
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
        String value = initial.get();
        try {
            context.getBusinessObject(SettingService.class).insert(name, value);
            return value;
        } catch (EJBException raced) {
            return find(name).orElseThrow(() -> raced);
        }
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
        // committed. The row's existence is checked in a transaction of its own.
        try {
            context.getBusinessObject(SettingService.class).insertIfAbsent(key, "-");
        } catch (EJBException raced) {
            // another node inserted the row at the same moment: the lock below waits for its transaction
        }
        em.find(RegistrySetting.class, key, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Inserts a new row in a transaction of its own unless the name exists. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insertIfAbsent(String name, String value) {
        if (em.find(RegistrySetting.class, name) == null) {
            insert(name, value);
        }
    }

    /** Inserts a new row in a transaction of its own; fails when the name exists. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insert(String name, String value) {
        em.persist(new RegistrySetting(name, value));
        em.flush();
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
