package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobStore;
import org.sregistry.storage.UrlSigner;
import org.sregistry.web.api.PublicUrl;

/**
 * The absolute, self-authorizing URLs the client is sent to for byte transfers: the client sends
 * them no Authorization header, so each carries its expiry and signature.
 */
@ApplicationScoped
public class Transfers {

    @Inject
    UrlSigner signer;

    @Inject
    BlobStore store;

    @Inject
    PublicUrl publicUrl;

    @Inject
    @ConfigProperty(name = "registry.transfer.url-ttl")
    Duration ttl;

    Clock clock = Clock.systemUTC();

    public String uploadUrl(UriInfo uri, String sessionId) {
        return signed(uri, "v2/uploads/" + sessionId);
    }

    public String partUrl(UriInfo uri, String sessionId, int part) {
        return signed(uri, "v2/uploads/" + sessionId + "/parts/" + part);
    }

    /**
     * Where a pull is sent: a presigned URL of the object when the S3 blob store redirects pulls
     * ({@code registry.s3.pulls=redirect}), else the registry's own signed URL.
     */
    public String blobUrl(UriInfo uri, Digest digest) {
        return store.pullUrl(digest).map(URI::toString).orElseGet(() -> signed(uri, "v1/blobs/" + digest.ref()));
    }

    /**
     * The same signed download URL for a request that did not come through JAX-RS (a console page):
     * whoever holds it downloads the bytes until it expires, without a session or a token.
     */
    public String blobUrl(Digest digest) {
        return signed(publicUrl.base(), "v1/blobs/" + digest.ref());
    }

    /** Throws FORBIDDEN unless the URL of {@code path} is signed and current. */
    public void verify(String path, String expires, String signature) {
        signer.verify(path, expires, signature, Instant.now(clock));
    }

    private String signed(UriInfo uri, String path) {
        return signed(publicUrl.base(uri), path);
    }

    private String signed(String base, String path) {
        long expires = Instant.now(clock).plus(ttl).getEpochSecond();
        return base + "/" + path + "?expires=" + expires + "&signature=" + signer.sign(path, expires);
    }
}
