package org.sregistry.batch.mirror;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.image.ImageImport;
import org.sregistry.registry.RegistryException;

/**
 * Brings one source image's bytes in: reads what the source declares (its sha256), leaves it alone
 * when the target tag already points at that sha256, else streams the image into the upload area
 * and into the blob store only when the bytes hash as declared. Anything that goes wrong with one
 * image skips that image with the reason.
 */
@Dependent
@Named
public class SourceImageProcessor implements ItemProcessor {

    @Inject
    @BatchProperty
    String source;

    @Inject
    @BatchProperty
    String sourceTokenRef;

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
    SourceTokens tokens;

    @Inject
    ImageImport imports;

    @Inject
    AccountService accounts;

    private LibrarySource library;
    private Caller caller;
    private final Map<String, Boolean> privateCollections = new HashMap<>();

    @Override
    public MirrorItem processItem(Object item) throws UnmirrorableImageException {
        SourceRef ref = (SourceRef) item;
        String targetEntity = blank(entity) ? ref.entity() : entity;
        String targetCollection = blank(collection) ? ref.collection() : collection;
        try {
            LibrarySource.Image image = library().image(ref);
            boolean present = imports.tagged(caller(), targetEntity, targetCollection, ref.container(), ref.tag(), ref.arch())
                    .filter(image.digest()::equals).isPresent();
            if (present) {
                return new MirrorItem(ref, targetEntity, targetCollection, null, false);
            }
            try (InputStream in = library().download(ref, image.digest())) {
                ImageImport.Stored stored = imports.store(in, image.digest());
                return new MirrorItem(ref, targetEntity, targetCollection, stored, sourcePrivate(ref));
            }
        } catch (SourceException | RegistryException e) {
            throw new UnmirrorableImageException(ref, e.getMessage());
        } catch (IOException e) {
            throw new UnmirrorableImageException(ref, "download failed: " + e.getMessage());
        }
    }

    /** Whether the ref's collection is private on the source (asked once per collection). */
    private boolean sourcePrivate(SourceRef ref) throws SourceException {
        String path = ref.entity() + "/" + ref.collection();
        Boolean known = privateCollections.get(path);
        if (known == null) {
            known = library().isPrivate(ref.entity(), ref.collection());
            privateCollections.put(path, known);
        }
        return known;
    }

    private LibrarySource library() {
        if (library == null) {
            library = tokens.source(source, sourceTokenRef);
        }
        return library;
    }

    private Caller caller() {
        if (caller == null) {
            caller = accounts.jobCaller(user);
        }
        return caller;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
