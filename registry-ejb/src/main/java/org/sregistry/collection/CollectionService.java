package org.sregistry.collection;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.sregistry.account.Account;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.container.Container;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.namespace.Namespace;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.Names;
import org.sregistry.registry.Paging;
import org.sregistry.registry.Policy;
import org.sregistry.registry.RegistryException;
import org.sregistry.registry.RegistryPolicy;
import org.sregistry.signature.SignaturePolicy;
import org.sregistry.team.Team;
import org.sregistry.team.TeamService;

/** Finds and creates collections, answering for private ones exactly as for missing ones. */
@Stateless
public class CollectionService {

    @PersistenceContext
    EntityManager em;

    @Inject
    NamespaceService namespaces;

    @Inject
    AccountService accounts;

    @Inject
    TeamService teams;

    @Inject
    RegistryPolicy policy;

    @Inject
    AuditService audit;

    @Inject
    ImageService images;

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
     * Creates a new collection {@code entity/name} for the caller (the console's form): the same
     * rules and policies as every create path, and a clear refusal when the name is taken.
     */
    public ContainerCollection create(Caller caller, String entity, String name, boolean isPrivate, String description) {
        Namespace namespace = namespaces.find(entity)
                .orElseThrow(() -> RegistryException.notFound("entity " + entity + " not found"));
        Names.requireName("collection", name);
        if (find(namespace, name).isPresent()) {
            throw RegistryException.conflict("the collection " + entity + "/" + name + " already exists");
        }
        return createOrGet(caller, namespace.getId(), name, isPrivate, Names.clip(description, ContainerCollection.DESCRIPTION_MAX));
    }

    /**
     * Creates a collection in a namespace the caller may create in (the caller becomes its owner),
     * or answers the existing one of that name: two first pushes may race to create it. The namespace
     * row lock makes the race orderly. Every create path comes here, so the registry policy
     * (PRIVATE_ONLY, DEFAULT_PRIVATE, USER_COLLECTIONS, USER_COLLECTION_LIMIT) holds for all of them,
     * the library API's push auto-create included.
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
        Policy current = policy.current();
        Permissions.requireCreateIn(caller, namespace, current, countIn(namespace));
        Account creator = em.find(Account.class, caller.accountId());
        var collection = new ContainerCollection(namespace, name,
                Permissions.newCollectionIsPrivate(current, namespace, isPrivate), creator);
        collection.setDescription(description);
        em.persist(collection);
        return collection;
    }

    /**
     * Owners and staff change a collection's privacy and description; null leaves a value as it is.
     * Making a collection public is refused while the registry is PRIVATE_ONLY.
     */
    public ContainerCollection update(Caller caller, String entity, String name, Boolean isPrivate, String description) {
        ContainerCollection collection = get(caller, entity, name);
        Permissions.requireManage(caller, collection);
        if (isPrivate != null && isPrivate != collection.isPrivate()) {
            Permissions.requirePrivacyAllowed(policy.current(), isPrivate);
            collection.setPrivate(isPrivate);
            audit.record(caller, AuditEvent.Action.PERMISSION, entity + "/" + name, isPrivate ? "made private" : "made public");
        }
        if (description != null) {
            collection.setDescription(description);
        }
        collection.touch();
        return collection;
    }

    /**
     * Sets the collection's signature policy (owners and staff). LISTED_KEYS needs at least one
     * fingerprint (40 hex digits; spaces and a {@code 0x} prefix are dropped, case is ignored); the
     * list is kept with the other policies too, so that switching back restores it. A null
     * {@code fingerprints} keeps the listed ones. Images already tagged stay: the policy is checked
     * when an image is pushed, uploaded, imported or tagged.
     */
    public ContainerCollection setSignaturePolicy(Caller caller, String entity, String name, SignaturePolicy policy,
            java.util.Collection<String> fingerprints) {
        ContainerCollection collection = get(caller, entity, name);
        Permissions.requireManage(caller, collection);
        SignaturePolicy effective = policy != null ? policy : collection.getSignaturePolicy();
        java.util.Set<String> listed = fingerprints == null ? new java.util.TreeSet<>(collection.getSignerKeys())
                : normalisedFingerprints(fingerprints);
        if (effective == SignaturePolicy.LISTED_KEYS && listed.isEmpty()) {
            throw RegistryException.invalid("signature policy LISTED_KEYS needs at least one key fingerprint");
        }
        if (listed.size() > SIGNER_KEYS_MAX) {
            throw RegistryException.invalid("at most " + SIGNER_KEYS_MAX + " key fingerprints can be listed");
        }
        collection.setSignaturePolicy(effective, listed);
        collection.touch();
        audit.record(caller, AuditEvent.Action.PERMISSION, entity + "/" + name, "signature policy " + effective
                + (listed.isEmpty() ? "" : " (keys " + String.join(" ", listed) + ")"));
        return collection;
    }

    /** Most fingerprints a collection lists. */
    public static final int SIGNER_KEYS_MAX = 100;

    /** 40-hex fingerprints in upper case; blanks and a {@code 0x} prefix dropped; anything else refused. */
    public static java.util.Set<String> normalisedFingerprints(java.util.Collection<String> fingerprints) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String f : fingerprints) {
            if (f == null || f.isBlank()) {
                continue;
            }
            String hex = f.replaceAll("\\s+", "").toUpperCase(java.util.Locale.ROOT);
            hex = hex.startsWith("0X") ? hex.substring(2) : hex;
            if (!hex.matches("[0-9A-F]{40}")) {
                throw RegistryException.invalid("'" + Names.clip(f.strip(), 64) + "' is not a key fingerprint (40 hex digits)");
            }
            out.add(hex);
        }
        return out;
    }

    /**
     * Deletes a collection with everything in it: owners and staff. Its tags go (frozen ones too:
     * the owner asked for the whole collection to go), then each image exactly as the library
     * API's DELETE removes one (upload sessions discarded, bytes released when no other image
     * shares them), then its containers, members and stars.
     */
    public void delete(Caller caller, String entity, String name) {
        ContainerCollection collection = get(caller, entity, name);
        Permissions.requireManage(caller, collection);
        em.refresh(collection, LockModeType.PESSIMISTIC_WRITE);
        List<Container> containers = em.createNamedQuery(Container.IN_COLLECTION, Container.class)
                .setParameter("collection", collection).getResultList();
        for (Container container : containers) {
            container.untagEverything();
            em.flush();
            for (Image image : images.imagesOf(container)) {
                images.delete(caller, image);
            }
            em.remove(container);
        }
        em.remove(collection);
        em.flush();
        audit.record(caller, AuditEvent.Action.DELETE, entity + "/" + name, "collection deleted");
    }

    /** What a member of a collection is: a user or a team. */
    public enum MemberKind { USER, TEAM }

    /** Owners and staff give a user or a team a role on a collection (or change the role it has). */
    public ContainerCollection putMember(Caller caller, String entity, String name, MemberKind kind, String member,
            CollectionMember.Role role) {
        ContainerCollection collection = get(caller, entity, name);
        Permissions.requireManage(caller, collection);
        if (kind == MemberKind.TEAM) {
            collection.put(teams.get(member), role);
        } else {
            collection.put(accounts.get(member), role);
        }
        audit.record(caller, AuditEvent.Action.PERMISSION, entity + "/" + name,
                kind.name().toLowerCase() + " " + member + " is " + role);
        return collection;
    }

    /** Owners and staff take a user's or a team's role away; the namespace's owners keep theirs. */
    public ContainerCollection removeMember(Caller caller, String entity, String name, MemberKind kind, String member) {
        ContainerCollection collection = get(caller, entity, name);
        Permissions.requireManage(caller, collection);
        boolean removed;
        if (kind == MemberKind.TEAM) {
            Team team = teams.get(member);
            removed = collection.removeMember(null, team.getId());
        } else {
            removed = collection.removeMember(accounts.get(member).getId(), null);
        }
        if (!removed) {
            throw RegistryException.notFound(kind.name().toLowerCase() + " " + member + " is not a member of " + entity + "/" + name);
        }
        audit.record(caller, AuditEvent.Action.PERMISSION, entity + "/" + name, kind.name().toLowerCase() + " " + member + " removed");
        return collection;
    }

    /** Every collection whose "entity/name" contains {@code filter}, private ones included (staff only). */
    public List<ContainerCollection> list(Caller caller, String filter, int offset, int limit) {
        Permissions.requireStaff(caller);
        Paging.check(offset, limit);
        return em.createNamedQuery(ContainerCollection.MATCHING, ContainerCollection.class)
                .setParameter("pattern", Paging.pattern(filter)).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long count(Caller caller, String filter) {
        Permissions.requireStaff(caller);
        return em.createNamedQuery(ContainerCollection.COUNT_MATCHING, Long.class)
                .setParameter("pattern", Paging.pattern(filter)).getSingleResult();
    }

    public long countIn(Namespace namespace) {
        return em.createNamedQuery(ContainerCollection.COUNT_IN_NAMESPACE, Long.class)
                .setParameter("namespace", namespace).getSingleResult();
    }

    public List<ContainerCollection> visibleIn(Caller caller, Namespace namespace) {
        return em.createNamedQuery(ContainerCollection.IN_NAMESPACE, ContainerCollection.class)
                .setParameter("namespace", namespace).getResultStream()
                .filter(c -> Permissions.canSee(caller, c)).toList();
    }

    /**
     * "My collections": those in the caller's namespace, in the namespaces of the caller's teams, and
     * those the caller holds a role on in person or through a team; by entity and name.
     */
    public List<ContainerCollection> mine(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        return em.createNamedQuery(ContainerCollection.OF_ACCOUNT, ContainerCollection.class)
                .setParameter("accountId", caller.accountId()).getResultStream()
                .filter(c -> Permissions.canSee(caller, c)).toList();
    }
}
