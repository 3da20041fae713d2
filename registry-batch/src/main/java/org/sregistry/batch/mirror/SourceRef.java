package org.sregistry.batch.mirror;

import java.io.Serializable;
import org.sregistry.registry.Names;

/**
 * An image on the source server: {@code entity/collection/container:tag}, for one architecture
 * ({@code arch} empty: the source's default, as a pull without {@code --arch}).
 */
public record SourceRef(String entity, String collection, String container, String tag, String arch)
        implements Serializable, Comparable<SourceRef> {

    public SourceRef {
        arch = arch == null ? "" : arch;
    }

    /**
     * Parses {@code entity/collection/container[:tag]} (an optional {@code library://} in front; the
     * tag defaults to {@code latest}, and is a tag, not {@code sha256.<hex>}); anything else is
     * refused with the reason.
     */
    public static SourceRef parse(String raw) {
        String ref = raw.strip();
        if (ref.startsWith("library://")) {
            ref = ref.substring("library://".length());
        }
        String tag = "latest";
        int colon = ref.indexOf(':');
        if (colon >= 0) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
        }
        String[] parts = ref.split("/", -1);
        if (parts.length != 3 || !Names.isName(parts[0]) || !Names.isName(parts[1]) || !Names.isName(parts[2])
                || !Names.isTag(tag) || tag.startsWith("sha256.")) { // a mirror copies tags, not bare hashes
            throw new IllegalArgumentException("'" + Names.clip(raw, 80) + "' is not a ref of the form entity/collection/container:tag");
        }
        return new SourceRef(parts[0], parts[1], parts[2], tag, "");
    }

    public String path() {
        return entity + "/" + collection + "/" + container;
    }

    /** The ordering key of the reader and its checkpoint. */
    public String key() {
        return path() + ":" + tag + (arch.isEmpty() ? "" : "?arch=" + arch);
    }

    @Override
    public int compareTo(SourceRef other) {
        return key().compareTo(other.key());
    }

    @Override
    public String toString() {
        return path() + ":" + tag + (arch.isEmpty() ? "" : " (" + arch + ")");
    }
}
