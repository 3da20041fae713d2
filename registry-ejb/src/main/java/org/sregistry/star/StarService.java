package org.sregistry.star;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.registry.RegistryException;

/**
 * Stars on collections. Anyone logged in may star a collection they can see; a private collection
 * someone can no longer see drops out of their starred list (the star stays, invisible, and counts
 * only for those who see the collection anyway).
 */
@Stateless
public class StarService {

    @PersistenceContext
    EntityManager em;

    @Inject
    CollectionService collections;

    /** Stars or unstars {@code entity/collection} for the caller; answers whether it is starred now. */
    public boolean setStarred(Caller caller, String entity, String collection, boolean starred) {
        ContainerCollection c = collections.get(caller, entity, collection);
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("log in to star collections");
        }
        List<Star> existing = existing(caller, c);
        if (starred && existing.isEmpty()) {
            em.persist(new Star(em.find(Account.class, caller.accountId()), c));
        } else if (!starred) {
            existing.forEach(em::remove);
        }
        return starred;
    }

    /** Whether the caller starred {@code entity/collection}, and how many accounts did (404 for what the caller may not see). */
    public StarState state(Caller caller, String entity, String collection) {
        ContainerCollection c = collections.get(caller, entity, collection);
        return new StarState(isStarred(caller, c), count(c));
    }

    /** A collection's stars as its reader sees them. */
    public record StarState(boolean starred, long stars) {}

    public boolean isStarred(Caller caller, ContainerCollection collection) {
        return !caller.isAnonymous() && !existing(caller, collection).isEmpty();
    }

    /** How many accounts starred the collection. */
    public long count(ContainerCollection collection) {
        return em.createNamedQuery(Star.COUNT, Long.class).setParameter("collection", collection).getSingleResult();
    }

    /** The collections the caller starred and may still see, most recently starred first. */
    public List<ContainerCollection> starredBy(Caller caller) {
        if (caller.isAnonymous()) {
            return List.of();
        }
        return em.createNamedQuery(Star.BY_ACCOUNT, ContainerCollection.class)
                .setParameter("account", caller.accountId()).getResultStream()
                .filter(c -> Permissions.canSee(caller, c))
                .peek(c -> c.getNamespace().getName()) // loaded here, shown after the transaction
                .toList();
    }

    private List<Star> existing(Caller caller, ContainerCollection collection) {
        return em.createNamedQuery(Star.OF, Star.class).setParameter("account", caller.accountId())
                .setParameter("collection", collection).getResultList();
    }
}
