package org.sregistry.namespace;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.image.Image;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/** Finds and creates namespaces (library "entities"), and reports their storage usage. */
@Stateless
public class NamespaceService {

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    public Optional<Namespace> find(String name) {
        if (!Names.isName(name)) {
            return Optional.empty();
        }
        return em.createNamedQuery(Namespace.BY_NAME, Namespace.class).setParameter("name", name)
                .getResultStream().findFirst();
    }

    public Namespace get(String name) {
        Names.requireName("entity", name);
        return find(name).orElseThrow(() -> RegistryException.notFound("entity " + name + " not found"));
    }

    public Namespace getById(String id) {
        Namespace namespace = id == null ? null : em.find(Namespace.class, id);
        if (namespace == null) {
            throw RegistryException.notFound("entity " + id + " not found");
        }
        return namespace;
    }

    /**
     * Creates a namespace through the library API, or answers the existing one. A user may create only
     * the namespace of their own name (normally made with the account); staff may create any.
     */
    public Namespace createOrGet(Caller caller, String name, String description) {
        Names.requireName("entity", name);
        Optional<Namespace> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required to create entity " + name);
        }
        Account account = em.find(Account.class, caller.accountId());
        if (!caller.isStaff() && !name.equals(caller.username())) {
            throw RegistryException.forbidden(caller.username() + " may not create entity " + name);
        }
        if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
        try {
            context.getBusinessObject(NamespaceService.class)
                    .insert(name, description, name.equals(caller.username()) ? account.getId() : null);
        } catch (EJBException raced) {
            // a concurrent first push created it a moment ago: answer that one
        }
        // the rival's row may still be committing (H2 reports the duplicate before the commit)
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<Namespace> created = find(name);
            if (created.isPresent()) {
                return created.get();
            }
            pause();
        }
        throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "entity " + name + " could not be created");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "interrupted");
        }
    }

    /** Inserts in a transaction of its own, so a duplicate from a concurrent create fails alone. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insert(String name, String description, String ownerId) {
        var namespace = new Namespace(name, Namespace.Kind.USER, ownerId == null ? null : em.find(Account.class, ownerId));
        namespace.setDescription(description);
        em.persist(namespace);
    }

    /** The namespace of an account's own name, created on first need. */
    public Namespace ensureFor(Account account) {
        return find(account.getUsername()).orElseGet(() -> {
            var namespace = new Namespace(account.getUsername(), Namespace.Kind.USER, account);
            em.persist(namespace);
            return namespace;
        });
    }

    /** The reserved namespace that short refs ({@code alpine}, {@code coll/ctr}) resolve into. */
    public Namespace ensureLibrary(Account owner) {
        return find("library").orElseGet(() -> {
            var namespace = new Namespace("library", Namespace.Kind.LIBRARY, owner);
            namespace.setDescription("Images addressed by short references");
            em.persist(namespace);
            return namespace;
        });
    }

    public long usage(Namespace namespace) {
        // SUM's type differs between databases (BIGINT, DECIMAL): read it as any number
        Object sum = em.createNamedQuery(Image.USAGE_OF_NAMESPACE).setParameter("namespace", namespace).getSingleResult();
        return sum == null ? 0 : ((Number) sum).longValue();
    }

    /**
     * The bytes stored in {@code collections}: what the library API reports as an entity's size to a
     * caller who may not see all of its collections, so private ones do not show in the count.
     */
    public long usage(List<ContainerCollection> collections) {
        if (collections.isEmpty()) {
            return 0;
        }
        Object sum = em.createNamedQuery(Image.USAGE_OF_COLLECTIONS).setParameter("collections", collections)
                .getSingleResult();
        return sum == null ? 0 : ((Number) sum).longValue();
    }

    /** Staff set a namespace's storage quota in bytes; null means unlimited. */
    public Namespace setQuota(Caller caller, String name, Long quotaBytes) {
        Permissions.requireStaff(caller);
        if (quotaBytes != null && quotaBytes < 0) {
            throw RegistryException.invalid("the quota must not be negative");
        }
        Namespace namespace = get(name);
        namespace.setQuotaBytes(quotaBytes);
        return namespace;
    }

}
