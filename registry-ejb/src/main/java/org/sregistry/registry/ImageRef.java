package org.sregistry.registry;

import java.util.Optional;

/**
 * A reference to an image as the library client writes it: {@code [entity/][collection/]container[:tag]},
 * where the tag may also be {@code sha256.<hex>}. Short refs resolve to the reserved {@code library}
 * entity and its {@code default} collection: {@code alpine} is {@code library/default/alpine},
 * {@code coll/ctr} is {@code library/coll/ctr}.
 */
public record ImageRef(String entity, String collection, String container, String tag, Digest digest) {

    public static final String LIBRARY_ENTITY = "library";
    public static final String DEFAULT_COLLECTION = "default";
    public static final String DEFAULT_TAG = "latest";

    /** Parses a ref; a missing tag means {@code latest}. */
    public static ImageRef parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw RegistryException.invalid("empty image reference");
        }
        String ref = raw.startsWith("library://") ? raw.substring("library://".length()) : raw;
        while (ref.startsWith("/")) {
            ref = ref.substring(1);
        }
        String tag = DEFAULT_TAG;
        int colon = ref.indexOf(':');
        if (colon >= 0) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
        }
        String[] parts = ref.split("/", -1);
        if (parts.length > 3) {
            throw RegistryException.invalid("invalid image reference '" + Names.shorten(raw)
                    + "': use entity/collection/container[:tag]");
        }
        String entity = parts.length == 3 ? parts[0] : LIBRARY_ENTITY;
        String collection = parts.length >= 2 ? parts[parts.length - 2] : DEFAULT_COLLECTION;
        String container = parts[parts.length - 1];
        Names.requireName("entity", entity);
        Names.requireName("collection", collection);
        Names.requireName("container", container);
        if (tag.isEmpty()) {
            tag = DEFAULT_TAG;
        }
        Digest digest = null;
        if (Digest.isDigestRef(tag)) {
            digest = Digest.parse(tag);
            tag = null;
        } else {
            Names.requireTag(tag);
        }
        return new ImageRef(entity, collection, container, tag, digest);
    }

    public Optional<Digest> byDigest() {
        return Optional.ofNullable(digest);
    }

    public String containerPath() {
        return entity + "/" + collection + "/" + container;
    }

    @Override
    public String toString() {
        return containerPath() + ":" + (digest != null ? digest.ref() : tag);
    }
}
