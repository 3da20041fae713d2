package org.sregistry.batch.bundle;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.bundle.BundleManifest;
import org.sregistry.image.ImageImport;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;

/**
 * Brings one image of the bundle in: leaves it alone when every tag of it already points at its
 * sha256 here, else streams its entry into the blob store, which keeps the bytes only when they hash
 * to the sha256 the manifest names. Anything wrong with one image skips that image with the reason.
 */
@Dependent
@Named
public class BundleImageProcessor implements ItemProcessor {

    @Inject
    @BatchProperty
    String bundle;

    @Inject
    @BatchProperty
    String entity;

    @Inject
    @BatchProperty
    String collection;

    @Inject
    @BatchProperty
    String user;


    @Inject
    ImageImport imports;

    @Inject
    AccountService accounts;

    private BundleManifest manifest;
    private Caller caller;

    @Override
    public BundleItem.Ready processItem(Object item) throws UnimportableImageException {
        BundleItem image = (BundleItem) item;
        if (manifest == null) {
            manifest = BundleFile.manifest(Path.of(bundle));
            caller = accounts.jobCaller(user);
        }
        String target = blank(collection) ? manifest.collection().name() : collection;
        Digest digest;
        try {
            digest = Digest.ofHex(image.image().sha256());
        } catch (RuntimeException e) {
            throw new UnimportableImageException(image, "the manifest's sha256 is not one: " + e.getMessage());
        }
        List<String> missing = image.image().tags().stream()
                .filter(tag -> imports.tagged(caller, entity, target, image.container(), tag, image.image().arch())
                        .filter(digest::equals).isEmpty())
                .toList();
        if (missing.isEmpty()) {
            return new BundleItem.Ready(image, entity, target, manifest.collection(), null, List.of());
        }
        try (ZipFile zip = new ZipFile(Path.of(bundle).toFile())) {
            ZipEntry entry = zip.getEntry(image.image().entry());
            if (entry == null) {
                throw new UnimportableImageException(image, "the bundle has no entry " + image.image().entry());
            }
            try (InputStream in = zip.getInputStream(entry)) {
                ImageImport.Stored stored = imports.store(in, digest);
                return new BundleItem.Ready(image, entity, target, manifest.collection(), stored, missing);
            }
        } catch (RegistryException e) {
            throw new UnimportableImageException(image, e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new UnimportableImageException(image, "cannot be read from the bundle: " + e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
