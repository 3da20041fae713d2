package org.sregistry.web.library;

import java.util.List;

/** Search results in the four lists the client decodes; the CLI prints the images. */
public record SearchJson(List<EntityJson> entity, List<CollectionJson> collection, List<ContainerJson> container,
        List<ImageJson> image) {}
