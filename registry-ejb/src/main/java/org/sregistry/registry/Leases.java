package org.sregistry.registry;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;

/**
 * Time-limited claims that the nodes sharing one database compete for, so that a scheduled task
 * runs once, not once per node. A lease is a {@code registry_setting} row {@code lease.<name>}
 * holding the instant it runs out; whoever locks the row and finds it run out takes it.
 */
@Stateless
public class Leases {

    private static final String PREFIX = "lease.";

    @PersistenceContext
    EntityManager em;

    @Inject
    SettingService settings;

    /** Takes the lease {@code name} for {@code length} if nobody holds it; true when this node won. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean acquire(String name, Duration length) {
        String key = PREFIX + name;
        if (em.find(RegistrySetting.class, key) == null) {
            // another node may insert the row at the same moment (no error); the lock below decides between us
            settings.insertIfAbsent(key, Instant.EPOCH.toString());
        }
        RegistrySetting lease = em.find(RegistrySetting.class, key, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (Instant.parse(lease.getValue()).isAfter(now)) {
            return false;
        }
        lease.setValue(now.plus(length).toString());
        return true;
    }
}
