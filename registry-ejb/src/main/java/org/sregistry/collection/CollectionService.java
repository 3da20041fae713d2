package org.sregistry.collection;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.namespace.Namespace;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/** Finds and creates collections, answering for private ones exactly as for missing ones. */
@Stateless
public class CollectionService {

    @PersistenceContext
    EntityManager em;

    @Inject
    NamespaceService namespaces;

    public Optional<ContainerCollection> find(Namespace namespace, String name) {
        return em.createNamedQuery(ContainerCollection.BY_NAME, ContainerCollection.class)
                .setParameter("namespace", namespace).setParameter("name", name)
                .getResultStream().findFirst();
    }

    /** The collection {@code entity/name} if it exists and the caller may see it. */
    public ContainerCollection get(Caller caller, String entity, String name) {
        Names.requireName("collection", name);
        String path = entity + "/" + name;
        ContainerCollection collection = namespaces.find(entity).flatMap(n -> find(n, name))
                .orElseThrow(() -> RegistryException.notFound("collection " + path + " not found"));
        Permissions.requireVisible(caller, collection, path);
        return collection;
    }

    public ContainerCollection getById(Caller caller, String id) {
        ContainerCollection collection = id == null ? null : em.find(ContainerCollection.class, id);
        if (collection == null) {
            throw RegistryException.notFound("collection " + id + " not found");
        }
        Permissions.requireVisible(caller, collection, id);
        return collection;
    }

    /**
     * Creates a collection in a namespace the caller may create in (the caller becomes its owner),
     * or answers the existing one of that name: two first pushes may race to create it. The namespace
     * row lock makes the race orderly.
     */
    public ContainerCollection createOrGet(Caller caller, String namespaceId, String name, boolean isPrivate,
            String description) {
        Names.requireName("collection", name);
        Namespace namespace = namespaces.getById(namespaceId);
        Permissions.requireCreateIn(caller, namespace);
        em.refresh(namespace, LockModeType.PESSIMISTIC_WRITE);
        Optional<ContainerCollection> existing = find(namespace, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Account creator = em.find(Account.class, caller.accountId());
        var collection = new ContainerCollection(namespace, name, isPrivate || namespace.isDefaultPrivate(), creator);
        collection.setDescription(description);
        em.persist(collection);
        return collection;
    }

    public List<ContainerCollection> visibleIn(Caller caller, Namespace namespace) {
        return em.createNamedQuery(ContainerCollection.IN_NAMESPACE, ContainerCollection.class)
                .setParameter("namespace", namespace).getResultStream()
                .filter(c -> Permissions.canSee(caller, c)).toList();
    }

    public List<ContainerCollection> search(Caller caller, String value, int max) {
        return em.createNamedQuery(ContainerCollection.SEARCH, ContainerCollection.class)
                .setParameter("pattern", Names.containsPattern(value)).getResultStream()
                .filter(c -> Permissions.canSee(caller, c)).limit(max).toList();
    }
}
