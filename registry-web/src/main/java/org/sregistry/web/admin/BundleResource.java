package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.account.Caller;
import org.sregistry.bundle.BundleManifest;
import org.sregistry.bundle.CollectionBundles;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobStore;
import org.sregistry.web.api.PublicUrl;
import org.sregistry.web.console.Branding;

/**
 * {@code GET /api/collections/{entity}/{collection}/bundle}: the collection as a ZIP of
 * {@code manifest.json} and {@code images/<sha256>.sif} (once per distinct image), for the
 * import-bundle job of another registry. The SIF entries are STORED (they are compressed already):
 * each blob is read twice, once for the entry's CRC-32 and once into the ZIP, so nothing is held in
 * memory whatever the size. Owners and staff only ({@link CollectionBundles} checks).
 *
 * <p>A missing blob, one of the wrong size, or one marked damaged is an error answer before the
 * first byte. Bytes that changed on disk are found by the first read, which hashes them too: the
 * blob is marked damaged and the response is aborted before that entry: the connection is broken
 * ({@link TransferAbort}) and the ZIP has no central directory, so the client sees a failed
 * transfer, never a complete-looking bundle.
 */
@Tag(name = "collections")
@Path("api/collections/{entity}/{collection}/bundle")
@RequestScoped
public class BundleResource {

    private static final System.Logger LOG = System.getLogger(BundleResource.class.getName());
    private static final int BUFFER = 256 * 1024;

    @Inject
    Caller caller;

    @Inject
    CollectionBundles bundles;

    @Inject
    BlobStore store;

    @Inject
    PublicUrl publicUrl;

    @Inject
    Branding branding;

    @Context
    UriInfo uri;

    @Context
    HttpServletRequest request;

    @GET
    @Produces({"application/zip", "application/json"})
    public Response export(@PathParam("entity") String entity, @PathParam("collection") String collection) {
        BundleManifest manifest = bundles.manifest(caller, entity, collection, publicUrl.base(uri), branding.getName());
        bundles.requireStored(manifest);
        StreamingOutput body = out -> {
            try {
                write(manifest, out);
            } catch (IOException | RuntimeException e) {
                // damaged bytes, a blob shorter than recorded, or the client went away: the transfer must
                // not end normally (once the status is sent, JAX-RS would end the body as if complete)
                TransferAbort.abort(request);
                throw e;
            }
        };
        String file = entity + "-" + collection + "-" + LocalDate.now(ZoneOffset.UTC) + ".bundle.zip";
        return Response.ok(body, "application/zip")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"").build();
    }

    private void write(BundleManifest manifest, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(BundleManifest.MANIFEST));
        try (Jsonb jsonb = JsonbBuilder.create()) {
            zip.write(jsonb.toJson(manifest).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot write the bundle manifest", e);
        }
        zip.closeEntry();
        Set<String> written = new HashSet<>();
        for (BundleManifest.ContainerEntry container : manifest.collection().containers()) {
            for (BundleManifest.ImageEntry image : container.images()) {
                if (written.add(image.sha256())) {
                    Digest digest = Digest.ofHex(image.sha256());
                    CRC32 crc = new CRC32();
                    MessageDigest sha = BlobStore.sha256();
                    copy(digest, image.size(), crc, sha, null);
                    Digest read = Digest.of(sha.digest());
                    if (!read.equals(digest)) {
                        String problem = "the content hashes to " + read.ref() + " (found exporting a bundle)";
                        bundles.damaged(digest, problem);
                        LOG.log(System.Logger.Level.WARNING, "bundle of {0}/{1} aborted: blob {2} is damaged: {3}",
                                manifest.collection().entity(), manifest.collection().name(), digest, problem);
                        // no central directory: the ZIP is unreadable, and export() breaks the connection
                        throw new Damaged("the bundle cannot be exported: image " + container.name() + "@" + digest.ref()
                                + " is unavailable: its stored bytes are damaged (" + problem + "); an administrator"
                                + " must restore the file, or delete the image and push it again");
                    }
                    ZipEntry entry = new ZipEntry(image.entry());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(image.size());
                    entry.setCompressedSize(image.size());
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    copy(digest, image.size(), null, null, zip);
                    zip.closeEntry();
                }
            }
        }
        zip.finish();
        zip.flush();
    }

    private void copy(Digest digest, long length, CRC32 crc, MessageDigest sha, OutputStream out) throws IOException {
        try (InputStream in = store.open(digest, 0, length)) {
            byte[] buf = new byte[BUFFER];
            long remaining = length;
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(BUFFER, remaining));
                if (n < 0) {
                    throw new IOException("blob " + digest + " ended early");
                }
                if (crc != null) {
                    crc.update(buf, 0, n);
                }
                if (sha != null) {
                    sha.update(buf, 0, n);
                }
                if (out != null) {
                    out.write(buf, 0, n);
                }
                remaining -= n;
            }
        }
    }

    /** Bytes of a blob found damaged while the bundle streams. */
    private static final class Damaged extends IOException {
        Damaged(String message) {
            super(message);
        }
    }
}
