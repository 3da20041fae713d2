package org.sregistry.share;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.registry.ImageRef;
import org.sregistry.registry.RegistryException;

/**
 * Makes, lists, revokes and opens share links. Owners of a collection and staff make links for its
 * images; anyone holding a link downloads the one image it names until the link expires or is
 * revoked, as an anonymous pull: counted, and refused when a weekly pull limit is used up. A link
 * reveals nothing else: not the collection, not other images, not whether the collection is private.
 */
@Stateless
public class ShareService {

    /** Days a link lasts when the request does not say. */
    public static final int DEFAULT_DAYS = 7;
    /** The largest REGISTRY_SHARE_MAX_DAYS accepted. */
    public static final int MAX_DAYS_LIMIT = 3650;

    @PersistenceContext
    EntityManager em;

    @Inject
    ContainerService containers;

    @Inject
    ImageService images;

    @Inject
    AuditService audit;

    @Inject
    @ConfigProperty(name = "registry.share.max-days", defaultValue = "30")
    int maxDays;

    Clock clock = Clock.systemUTC();

    /** A link just made: the secret is returned here and never again. */
    public record Issued(ShareLink link, String secret) {}

    /**
     * Makes a link to the image that {@code tag} (a tag, or {@code sha256.<hex>}; default latest) or,
     * when given, {@code imageId} names in the container, valid for {@code days} (default
     * {@value #DEFAULT_DAYS}, at most REGISTRY_SHARE_MAX_DAYS).
     */
    public Issued create(Caller caller, String entity, String collection, String container, String tag,
            String imageId, Integer days) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        Container c = containers.get(caller, entity, collection, container);
        Permissions.requireManage(caller, c.getCollection());
        Instant now = clock.instant();
        Instant expires = expiry(now, days, maxDays);
        Image image;
        String label;
        if (imageId != null && !imageId.isBlank()) {
            image = images.getById(caller, imageId);
            if (!image.getContainer().getId().equals(c.getId())) {
                throw RegistryException.notFound("image " + imageId + " not found in " + c.path());
            }
            label = image.digest().ref();
        } else {
            ImageRef ref = ImageRef.parse(c.path() + ":" + (tag == null || tag.isBlank() ? ImageRef.DEFAULT_TAG : tag));
            image = images.resolve(caller, ref, null);
            label = ref.tag() != null ? ref.tag() : image.digest().ref();
        }
        if (!image.isUploaded()) {
            throw RegistryException.invalid("image " + c.path() + ":" + label + " has not been uploaded");
        }
        String secret = ShareSecrets.next();
        var link = new ShareLink(image, label, ShareSecrets.hash(secret), caller.username(), now, expires);
        em.persist(link);
        audit.record(caller, AuditEvent.Action.SHARE_CREATE, c.path(), "share link " + link.getId() + " to " + label
                + " (" + image.digest().ref() + ") until " + expires);
        return new Issued(link, secret);
    }

    /** A container's links, newest first, active or not: for its collection's owners and staff. */
    public List<ShareLink> list(Caller caller, String entity, String collection, String container) {
        Container c = containers.get(caller, entity, collection, container);
        Permissions.requireManage(caller, c.getCollection());
        return em.createNamedQuery(ShareLink.OF_CONTAINER, ShareLink.class).setParameter("container", c).getResultList();
    }

    /**
     * Revokes a link: it fails from the next request on. A link the caller may not manage is
     * answered as missing, so link ids cannot be probed.
     */
    public ShareLink revoke(Caller caller, String id) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        ShareLink link = id == null ? null : em.find(ShareLink.class, id);
        if (link == null || !Permissions.canManage(caller, link.getImage().getContainer().getCollection())) {
            throw RegistryException.notFound("share link " + id + " not found");
        }
        if (link.revoke(clock.instant())) {
            audit.record(caller, AuditEvent.Action.SHARE_REVOKE, link.getImage().getContainer().path(),
                    "share link " + link.getId() + " to " + link.getTag());
        }
        return link;
    }

    /**
     * The image a link's secret opens, counted as one anonymous pull of it and one download through
     * the link: 404 for an unknown secret, 410 for an expired or revoked link, 429 when a weekly
     * pull limit is used up (nothing counted then).
     */
    public ImageService.Download open(String secret) {
        ShareLink link = usable(secret);
        ImageService.Download download = images.download(Caller.ANONYMOUS, link.getImage(), "shared by this link");
        em.createNativeQuery("UPDATE share_link SET download_count = download_count + 1 WHERE id = ?1")
                .setParameter(1, link.getId()).executeUpdate();
        return download;
    }

    /**
     * What a link would download, without counting anything (a {@code HEAD}, as link previews send):
     * the same 404 and 410 as {@link #open}.
     */
    public ImageService.Download peek(String secret) {
        Image image = usable(secret).getImage();
        if (!image.isUploaded()) {
            throw RegistryException.notFound("the image shared by this link has not been uploaded");
        }
        return new ImageService.Download(image.getId(), image.digest(), image.getSize());
    }

    private ShareLink usable(String secret) {
        ShareLink link = !ShareSecrets.plausible(secret) ? null
                : em.createNamedQuery(ShareLink.BY_HASH, ShareLink.class).setParameter("hash", ShareSecrets.hash(secret))
                        .getResultStream().findFirst().orElse(null);
        if (link == null) {
            throw RegistryException.notFound("there is no share link at this address: check that it was copied whole");
        }
        switch (link.stateAt(clock.instant())) {
            case REVOKED -> throw RegistryException.gone("this share link was revoked on " + link.getRevokedAt()
                    + "; ask whoever sent it for a new one");
            case EXPIRED -> throw RegistryException.gone("this share link expired on " + link.getExpiresAt()
                    + "; ask whoever sent it for a new one");
            case ACTIVE -> { }
        }
        return link;
    }

    /**
     * When a link made at {@code now} for {@code days} expires: days null means {@value #DEFAULT_DAYS}
     * (or the maximum if that is lower); anything outside 1 to {@code maxDays} is refused.
     */
    static Instant expiry(Instant now, Integer days, int maxDays) {
        int d = days == null ? Math.min(DEFAULT_DAYS, maxDays) : days;
        if (d < 1 || d > maxDays) {
            throw RegistryException.invalid("days must be between 1 and " + maxDays + " (REGISTRY_SHARE_MAX_DAYS)");
        }
        return now.plus(Duration.ofDays(d));
    }

    public int getMaxDays() {
        return maxDays;
    }
}
