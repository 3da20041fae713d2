package org.sregistry.audit;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.collection.Permissions;
import org.sregistry.registry.RegistryException;

/**
 * Writes and reads the audit log. A line is written in the transaction of the action it records,
 * so an action that fails and rolls back leaves no line claiming it happened.
 */
@Stateless
public class AuditService {

    /** The largest page of the log one request may read. */
    public static final int PAGE_MAX = 500;

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    public void record(Caller caller, AuditEvent.Action action, String target, String detail) {
        em.persist(new AuditEvent(caller.isAnonymous() ? null : caller.username(), action, target, detail));
    }

    /**
     * Records an action of whoever the container says is calling (the authenticated username), for
     * code that has no {@link Caller} at hand. No one (a scheduled job) is recorded as no actor.
     */
    public void record(AuditEvent.Action action, String target, String detail) {
        Principal principal = context.getCallerPrincipal();
        String name = principal == null ? null : principal.getName();
        boolean anonymous = name == null || name.isBlank() || "ANONYMOUS".equalsIgnoreCase(name);
        em.persist(new AuditEvent(anonymous ? null : name, action, target, detail));
    }

    /** How many lines {@link #find} would page through (staff only). */
    public long count(Caller caller, String actor, AuditEvent.Action action) {
        Permissions.requireStaff(caller);
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<AuditEvent> event = query.from(AuditEvent.class);
        query.select(cb.count(event)).where(where(cb, event, actor, action));
        return em.createQuery(query).getSingleResult();
    }

    private static Predicate[] where(CriteriaBuilder cb, Root<AuditEvent> event, String actor, AuditEvent.Action action) {
        List<Predicate> where = new ArrayList<>();
        if (actor != null && !actor.isBlank()) {
            where.add(cb.equal(event.get("actor"), actor.trim()));
        }
        if (action != null) {
            where.add(cb.equal(event.get("action"), action));
        }
        return where.toArray(Predicate[]::new);
    }

    /** A page of the log, newest first, optionally only one actor's or one action's lines (staff only). */
    public List<AuditEvent> find(Caller caller, String actor, AuditEvent.Action action, int offset, int limit) {
        Permissions.requireStaff(caller);
        if (limit < 1 || limit > PAGE_MAX) {
            throw RegistryException.invalid("limit must be between 1 and " + PAGE_MAX);
        }
        if (offset < 0) {
            throw RegistryException.invalid("offset must not be negative");
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<AuditEvent> query = cb.createQuery(AuditEvent.class);
        Root<AuditEvent> event = query.from(AuditEvent.class);
        query.where(where(cb, event, actor, action))
                .orderBy(cb.desc(event.get("createdAt")), cb.desc(event.get("id")));
        return em.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList();
    }
}
