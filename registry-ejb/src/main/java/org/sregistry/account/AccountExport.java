package org.sregistry.account;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sregistry.audit.AuditEvent;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.keystore.PublicKey;
import org.sregistry.registry.RegistryException;
import org.sregistry.share.ShareLink;
import org.sregistry.team.TeamService;
import org.sregistry.token.TokenService;

/**
 * A person's own data in one document (docs/accounts.md, "Exporting your data"): the profile, the
 * tokens' metadata, teams, the collections they own or are members of with containers, tags and
 * digests, stars, the keys they added, the share links they made and their audit events. Secrets
 * never appear: no token, no share link secret, no password hash, nothing of another account's but
 * the names on collections the person may see anyway.
 */
@Stateless
public class AccountExport {

    /** At most this many audit events, newest first. */
    public static final int AUDIT_MAX = 10_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    TeamService teams;

    @Inject
    TokenService tokens;

    @Inject
    CollectionService collections;

    @Inject
    ImageService images;

    public record Export(Instant exportedAt, Profile profile, List<TokenData> tokens, List<TeamData> teams,
            List<CollectionData> collections, List<String> stars, List<KeyData> keys, List<ShareData> shareLinks,
            List<EventData> auditEvents) {}

    public record Profile(String id, String username, String displayName, String email, String role, String authSource,
            boolean service, boolean active, Instant createdAt, Instant lastLoginAt, Instant termsAcceptedAt) {}

    public record TokenData(String id, String name, String scope, Set<String> collections, Instant createdAt,
            Instant expiresAt, Instant lastUsedAt, boolean revoked) {}

    public record TeamData(String name, String role, Instant joinedAt) {}

    public record CollectionData(String entity, String name, String role, boolean isPrivate, String description,
            Instant createdAt, List<ContainerData> containers) {}

    public record ContainerData(String name, String description, Instant createdAt, List<TagData> tags,
            List<ImageData> images) {}

    public record TagData(String tag, String arch, String digest, boolean frozen) {}

    public record ImageData(String id, String digest, String arch, long size, boolean uploaded, Instant createdAt) {}

    public record KeyData(String fingerprint, String keyId, List<String> userIds, Instant addedAt, boolean revoked) {}

    public record ShareData(String id, String container, String tag, String digest, Instant createdAt, Instant expiresAt,
            Instant revokedAt, long downloadCount) {}

    public record EventData(Instant at, String action, String target, String detail) {}

    public Export export(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        Account a = em.find(Account.class, caller.accountId());
        var profile = new Profile(a.getId(), a.getUsername(), a.getDisplayName(), a.getEmail(), a.getRole().name(),
                a.getAuthSource().name(), a.isService(), a.isActive(), a.getCreatedAt(), a.getLastLoginAt(),
                a.getTermsAcceptedAt());
        List<TokenData> tokenData = tokens.tokensOf(a).stream().map(t -> new TokenData(t.getId(), t.getName(),
                t.getScope().name(), new TreeSet<>(t.getCollections()), t.getCreatedAt(), t.getExpiresAt(),
                t.getLastUsedAt(), t.isRevoked())).toList();
        List<TeamData> teamData = teams.membershipsOf(a.getId()).stream()
                .map(m -> new TeamData(m.getTeam().getName(), m.getRole().name(), m.getJoinedAt())).toList();
        List<CollectionData> collectionData = collections.mine(caller).stream().map(c -> collection(caller, c)).toList();
        List<String> stars = em.createQuery("select s.collection from Star s where s.account.id = :account order by s.createdAt",
                ContainerCollection.class).setParameter("account", a.getId()).getResultStream()
                .filter(c -> Permissions.canSee(caller, c))
                .map(c -> c.getNamespace().getName() + "/" + c.getName()).toList();
        List<KeyData> keys = em.createNamedQuery(PublicKey.OF_OWNER, PublicKey.class).setParameter("owner", a.getId())
                .getResultStream().map(k -> new KeyData(k.getFingerprint(), k.getKeyId(), List.copyOf(k.getUserIds()),
                        k.getAddedAt(), k.isRevoked())).toList();
        List<ShareData> links = em.createQuery("select s from ShareLink s where s.createdBy = :username order by s.createdAt",
                ShareLink.class).setParameter("username", a.getUsername()).getResultStream()
                .map(s -> new ShareData(s.getId(), s.getImage().getContainer().path(), s.getTag(),
                        s.getImage().digest().ref(), s.getCreatedAt(), s.getExpiresAt(), s.getRevokedAt(),
                        s.getDownloadCount())).toList();
        List<EventData> events = em.createQuery("select e from AuditEvent e where e.actor = :actor"
                        + " order by e.createdAt desc, e.id desc", AuditEvent.class)
                .setParameter("actor", a.getUsername()).setMaxResults(AUDIT_MAX).getResultStream()
                .map(e -> new EventData(e.getCreatedAt(), e.getAction().name(), e.getTarget(), e.getDetail())).toList();
        return new Export(Instant.now(), profile, tokenData, teamData, collectionData, stars, keys, links, events);
    }

    private CollectionData collection(Caller caller, ContainerCollection c) {
        List<ContainerData> containers = em.createNamedQuery(Container.IN_COLLECTION, Container.class)
                .setParameter("collection", c).getResultStream().map(this::container).toList();
        return new CollectionData(c.getNamespace().getName(), c.getName(),
                c.roleOf(caller).map(Enum::name).orElse(null), c.isPrivate(), c.getDescription(), c.getCreatedAt(), containers);
    }

    private ContainerData container(Container container) {
        List<TagData> tags = container.getTags().stream().map(t -> new TagData(t.getName(), t.getArch(),
                t.getImage().digest().ref(), t.isFrozen())).toList();
        List<ImageData> imageData = images.imagesOf(container).stream().map(AccountExport::image).toList();
        return new ContainerData(container.getName(), container.getDescription(), container.getCreatedAt(), tags, imageData);
    }

    private static ImageData image(Image i) {
        return new ImageData(i.getId(), i.digest().ref(), i.getArch(), i.getSize(), i.isUploaded(), i.getCreatedAt());
    }
}
