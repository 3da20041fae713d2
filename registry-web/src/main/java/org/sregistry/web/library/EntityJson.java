package org.sregistry.web.library;

import java.time.Instant;
import java.util.List;
import org.sregistry.namespace.Namespace;

/** A namespace as the library API's Entity. */
public record EntityJson(String id, String name, String description, List<String> collections, long size, long quota,
        boolean defaultPrivate, boolean deleted, Instant createdAt, String customData) {

    public static EntityJson of(Namespace n, List<String> collectionIds, long usage) {
        return new EntityJson(n.getId(), n.getName(), n.getDescription() == null ? "" : n.getDescription(), collectionIds,
                usage, n.getQuotaBytes() == null ? 0 : n.getQuotaBytes(), n.isDefaultPrivate(), false, n.getCreatedAt(), "");
    }
}
