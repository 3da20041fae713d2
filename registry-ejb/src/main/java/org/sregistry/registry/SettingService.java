package org.sregistry.registry;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads and writes the registry-wide values kept in the database. */
@Stateless
public class SettingService {

    @PersistenceContext
    EntityManager em;

    public Optional<String> find(String name) {
        return Optional.ofNullable(em.find(RegistrySetting.class, name)).map(RegistrySetting::getValue);
    }

    /**
     * The value of {@code name}, created from {@code initial} when absent. Runs in its own
     * transaction; when two nodes race, the loser's insert fails and it reads the winner's value.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public String getOrCreate(String name, Supplier<String> initial) {
        return find(name).orElseGet(() -> {
            String value = initial.get();
            em.persist(new RegistrySetting(name, value));
            em.flush();
            return value;
        });
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
