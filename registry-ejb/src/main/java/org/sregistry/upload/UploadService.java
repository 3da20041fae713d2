package org.sregistry.upload;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.collection.Permissions;
import org.sregistry.image.Image;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.namespace.Namespace;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;
import org.sregistry.sif.SifFile;
import org.sregistry.signature.SignatureService;
import org.sregistry.storage.BlobService;
import org.sregistry.storage.BlobStore;

/**
 * The metadata side of uploads: sessions, parts, quotas, and the moment an image becomes visible.
 * The bytes themselves stream through {@link UploadReceiver}, outside any transaction.
 */
@Stateless
public class UploadService {

    private static final System.Logger LOG = System.getLogger(UploadService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    NamespaceService namespaces;

    @Inject org.sregistry.audit.AuditService audit;

    @Inject
    SignatureService signatures;

    @Inject
    BlobService blobs;

    @Inject
    RegistryMetrics metrics;

    @Inject
    BlobStore store;

    @Inject
    @ConfigProperty(name = "registry.upload.part-size")
    long partSize;

    @Inject
    @ConfigProperty(name = "registry.upload.expiry")
    Duration expiry;

    /** What the receiver needs to stream and verify an upload's bytes. */
    public record Target(String sessionId, boolean multipart, long expectedSize, Digest expectedDigest, int totalParts) {}

    public record PartTarget(String sessionId, int number, long offset, long length, String expectedSha256) {}

    /** An image made visible, with its namespace's storage after it: quotaTotal 0 means unlimited. */
    public record Completed(long quotaTotal, long quotaUsage, String containerPath) {}

    public UploadSession startSingle(Caller caller, String imageId, long size, String sha256Hex) {
        Image image = imageToPush(caller, imageId);
        if (sha256Hex != null && !sha256Hex.isEmpty() && !Digest.ofHex(sha256Hex).equals(image.digest())) {
            throw RegistryException.invalid("declared sha256 " + sha256Hex + " does not match the image hash "
                    + image.digest().ref());
        }
        requireQuota(image, size);
        var session = new UploadSession(image, false, size, size, Instant.now().plus(expiry));
        em.persist(session);
        return session;
    }

    public UploadSession startMultipart(Caller caller, String imageId, long size) {
        Image image = imageToPush(caller, imageId);
        requireQuota(image, size);
        var session = new UploadSession(image, true, size, partSize, Instant.now().plus(expiry));
        em.persist(session);
        return session;
    }

    /** Registers part {@code number} of a multipart upload, with the sha256 the client announced. */
    public PartTarget expectPart(Caller caller, String imageId, String uploadId, int number, long size, String sha256Hex) {
        UploadSession session = sessionOf(imageToPush(caller, imageId), uploadId);
        session.requireOpen();
        long length = session.lengthOfPart(number);
        if (size != length) {
            throw RegistryException.invalid("part " + number + " must be " + length + " bytes, not " + size);
        }
        UploadPart part = session.expectPart(number, sha256Hex);
        return new PartTarget(session.getId(), number, session.offsetOfPart(number), length, part.getExpectedSha256());
    }

    public Target target(String sessionId) {
        UploadSession session = openSession(sessionId);
        if (session.isMultipart()) {
            throw RegistryException.invalid("upload " + sessionId + " is multipart: send its parts");
        }
        return targetOf(session);
    }

    public PartTarget partTarget(String sessionId, int number) {
        UploadSession session = openSession(sessionId);
        if (!session.isMultipart()) {
            throw RegistryException.invalid("upload " + sessionId + " is not multipart");
        }
        UploadPart part = session.part(number).orElseThrow(() -> RegistryException.invalid(
                "part " + number + " of upload " + sessionId + " was not requested"));
        return new PartTarget(sessionId, number, session.offsetOfPart(number), part.getSize(), part.getExpectedSha256());
    }

    public void singleReceived(String sessionId) {
        openSession(sessionId).received();
    }

    /** Records that a single upload's bytes arrived intact but are not a SIF file: completion refuses them. */
    public void singleRefused(String sessionId, String why) {
        openSession(sessionId).refused(why);
    }

    /**
     * Records a part that arrived ({@code digest}: its sha256, or null when it was not hashed on its
     * own) and returns its ETag.
     */
    public String partReceived(String sessionId, int number, Digest digest) {
        UploadSession session = openSession(sessionId);
        UploadPart part = session.part(number).orElseThrow();
        part.received(digest);
        return part.etag();
    }

    /**
     * Finishes a single upload whose bytes arrived: the image becomes visible, unless the bytes
     * were not a SIF file (then INVALID, with what is wrong with them, and the image stays
     * unuploaded).
     */
    public Completed complete(Caller caller, String imageId) {
        Image image = imageToPush(caller, imageId);
        List<UploadSession> arrived = em.createNamedQuery(UploadSession.OF_IMAGE, UploadSession.class)
                .setParameter("image", image).getResultStream()
                .filter(s -> !s.isMultipart() && (s.getState() == UploadSession.State.RECEIVED
                        || s.getState() == UploadSession.State.REFUSED))
                .toList();
        UploadSession session = arrived.stream().filter(s -> s.getState() == UploadSession.State.RECEIVED)
                .findFirst().orElse(null);
        if (session == null && !arrived.isEmpty() && !image.isUploaded()) {
            throw RegistryException.invalid(arrived.get(0).getRefusal());
        }
        if (session == null) {
            if (image.isUploaded()) {
                return completed(image);
            }
            throw RegistryException.conflict("no verified upload has arrived for image " + image.digest().ref());
        }
        return finish(image, session);
    }

    /** Checks that every part arrived as the client lists them, before the whole file is verified. */
    public Target readyToComplete(Caller caller, String imageId, String uploadId, Map<Integer, String> tokens) {
        UploadSession session = sessionOf(imageToPush(caller, imageId), uploadId);
        session.requireOpen();
        for (int n = 1; n <= session.getTotalParts(); n++) {
            UploadPart part = session.part(n).filter(UploadPart::isReceived).orElse(null);
            if (part == null) {
                throw RegistryException.invalid("part " + n + " of " + session.getTotalParts() + " has not been received");
            }
            String token = tokens.get(n);
            if (token == null || !part.etag().equals(token.startsWith("\"") ? token : "\"" + token + "\"")) {
                throw RegistryException.invalid("part " + n + " is not listed with the ETag it was received with");
            }
        }
        if (tokens.size() != session.getTotalParts()) {
            throw RegistryException.invalid("the upload has " + session.getTotalParts() + " parts, " + tokens.size() + " were listed");
        }
        return targetOf(session);
    }

    public Completed finishMultipart(Caller caller, String imageId, String uploadId) {
        Image image = imageToPush(caller, imageId);
        return finish(image, sessionOf(image, uploadId));
    }

    public void abort(Caller caller, String imageId, String uploadId) {
        UploadSession session = sessionOf(imageToPush(caller, imageId), uploadId);
        session.aborted();
        em.remove(session);
        store.deleteUpload(session.getId());
    }

    /** Upload sessions whose time ran out before they completed, and expired browser uploads. */
    public java.util.List<String> expired(Instant now, int max) {
        List<String> sessions = em.createNamedQuery(UploadSession.EXPIRED, String.class).setParameter("now", now)
                .setMaxResults(max).getResultList();
        if (sessions.size() >= max) {
            return sessions;
        }
        var all = new java.util.ArrayList<>(sessions);
        all.addAll(BrowserUpload.expired(store, now, max - sessions.size()));
        return all;
    }

    /** Removes an upload session and its bytes in the upload area (a no-op when already gone). */
    public void discard(String sessionId) {
        UploadSession session = em.find(UploadSession.class, sessionId);
        if (session != null) {
            em.remove(session);
        }
        store.deleteUpload(sessionId);
    }

    /** Drops every upload of an image that is being deleted. */
    public void discardAll(Image image) {
        em.createNamedQuery(UploadSession.OF_IMAGE, UploadSession.class).setParameter("image", image)
                .getResultStream().forEach(s -> {
                    em.remove(s);
                    store.deleteUpload(s.getId());
                });
    }

    /**
     * Makes an image visible whose bytes the registry received, hashed and committed to the blob
     * store itself (the console's browser upload): the same checks and steps as a push's completion.
     */
    public Completed completeVerified(Caller caller, String imageId, long size) {
        Image image = imageToPush(caller, imageId);
        if (!store.exists(image.digest())) {
            throw RegistryException.conflict("no verified upload has arrived for image " + image.digest().ref());
        }
        return publish(image, size);
    }

    private Completed finish(Image image, UploadSession session) {
        Completed completed = publish(image, session.getExpectedSize());
        session.completed();
        em.remove(session);
        return completed;
    }

    private Completed publish(Image image, long size) {
        Namespace namespace = image.getContainer().getCollection().getNamespace();
        em.refresh(namespace, LockModeType.PESSIMISTIC_WRITE); // orders concurrent completions against the quota
        if (!image.isUploaded()) {
            requireQuota(image, size);
        }
        blobs.acquire(image.digest());
        // the receiver already refused non-SIF bytes; reading the stored blob here puts its
        // metadata and signature verdict in the same transaction that makes the image visible
        SifFile sif = store.read(image.digest(), SifFile::read);
        image.describedBy(sif); // once: a second push of the same digest changes nothing
        signatures.verify(image, sif); // every time: the verdict also depends on the keystore
        signatures.requireAccepted(image.getContainer().getCollection(), image); // refused images never become visible
        image.uploaded(size);
        metrics.pushed();
        audit.record(AuditEvent.Action.PUSH, image.getContainer().path(), image.digest().ref() + " (" + image.getSize() + " bytes)");
        LOG.log(System.Logger.Level.INFO, "uploaded {0} to {1} ({2} bytes)", image.digest(), image.getContainer().path(),
                image.getSize());
        return completed(image);
    }

    private Completed completed(Image image) {
        Namespace namespace = image.getContainer().getCollection().getNamespace();
        em.flush();
        Long quota = namespace.getQuotaBytes();
        return new Completed(quota == null ? 0 : quota, namespaces.usage(namespace), image.getContainer().path());
    }

    /** Throws QUOTA when {@code size} more bytes would take the image's namespace past its quota. */
    public void requireQuota(Image image, long size) {
        requireQuota(image.getContainer().getCollection().getNamespace(), size);
    }

    /** Throws QUOTA when {@code size} more bytes would take {@code namespace} past its quota. */
    public void requireQuota(Namespace namespace, long size) {
        Long quota = namespace.getQuotaBytes();
        if (quota == null) {
            return;
        }
        long usage = namespaces.usage(namespace);
        if (usage + size > quota) {
            throw new RegistryException(RegistryException.Reason.QUOTA, "storage quota exceeded: entity "
                    + namespace.getName() + " uses " + usage + " of " + quota + " bytes; this image needs " + size);
        }
    }

    private Image imageToPush(Caller caller, String imageId) {
        Image image = imageId == null ? null : em.find(Image.class, imageId);
        if (image == null || !Permissions.canSee(caller, image.getContainer().getCollection())) {
            throw RegistryException.notFound("image " + imageId + " not found");
        }
        Permissions.requirePush(caller, image.getContainer().getCollection());
        return image;
    }

    private UploadSession sessionOf(Image image, String uploadId) {
        UploadSession session = uploadId == null ? null : em.find(UploadSession.class, uploadId);
        if (session == null || !session.getImage().getId().equals(image.getId())) {
            throw RegistryException.notFound("upload " + uploadId + " not found for image " + image.getId());
        }
        return session;
    }

    private UploadSession openSession(String sessionId) {
        UploadSession session = sessionId == null ? null : em.find(UploadSession.class, sessionId);
        if (session == null) {
            throw RegistryException.notFound("upload " + sessionId + " not found");
        }
        session.requireOpen();
        if (Instant.now().isAfter(session.getExpiresAt())) {
            throw RegistryException.conflict("upload " + sessionId + " has expired; start the push again");
        }
        return session;
    }

    private static Target targetOf(UploadSession session) {
        return new Target(session.getId(), session.isMultipart(), session.getExpectedSize(), session.getImage().digest(),
                session.getTotalParts());
    }
}
