package org.sregistry.batch.bundle;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.sregistry.bundle.BundleManifest;

/** Reads the manifest of a bundle file on the server; anything that is not a bundle is refused with the reason. */
public final class BundleFile {

    private BundleFile() {}

    /** The bundle's manifest; IllegalArgumentException says why {@code path} is not a bundle this registry reads. */
    public static BundleManifest manifest(Path path) {
        if (!path.isAbsolute() || !Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("bundle " + path + " is not a readable file on the server");
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry entry = zip.getEntry(BundleManifest.MANIFEST);
            if (entry == null) {
                throw new IllegalArgumentException("bundle " + path + " has no " + BundleManifest.MANIFEST);
            }
            BundleManifest manifest;
            try (InputStream in = zip.getInputStream(entry); Jsonb jsonb = JsonbBuilder.create()) {
                manifest = jsonb.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), BundleManifest.class);
            } catch (JsonbException e) {
                throw new IllegalArgumentException("bundle " + path + ": " + BundleManifest.MANIFEST + " cannot be read: "
                        + e.getMessage());
            } catch (IOException e) {
                throw e;
            } catch (Exception e) { // Jsonb.close
                throw new IllegalStateException(e);
            }
            if (manifest == null || manifest.formatVersion() != BundleManifest.FORMAT_VERSION) {
                throw new IllegalArgumentException("bundle " + path + " has format version "
                        + (manifest == null ? "none" : manifest.formatVersion()) + "; this registry reads version "
                        + BundleManifest.FORMAT_VERSION);
            }
            if (manifest.collection() == null || manifest.collection().containers() == null) {
                throw new IllegalArgumentException("bundle " + path + ": the manifest names no collection");
            }
            return manifest;
        } catch (ZipException e) {
            throw new IllegalArgumentException("bundle " + path + " is not a ZIP file: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("bundle " + path + " cannot be read: " + e.getMessage());
        }
    }
}
