package org.sregistry.web.library;

import jakarta.json.bind.annotation.JsonbProperty;
import java.time.Instant;
import java.util.List;
import org.sregistry.collection.ContainerCollection;

/** A collection as the library API shows it. */
public record CollectionJson(String id, String name, String description, String entity, String entityName,
        List<String> containers, @JsonbProperty("private") boolean privateCollection, boolean deleted,
        Instant createdAt, Instant updatedAt, String customData) {

    public static CollectionJson of(ContainerCollection c, List<String> containerIds) {
        return new CollectionJson(c.getId(), c.getName(), c.getDescription() == null ? "" : c.getDescription(),
                c.getNamespace().getId(), c.getNamespace().getName(), containerIds, c.isPrivate(), false,
                c.getCreatedAt(), c.getUpdatedAt(), "");
    }
}
