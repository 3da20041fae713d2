package org.sregistry.catalog;

import java.util.List;

/** One page of the containers a caller may see, and how many match in all. */
public record ContainerPage(long total, List<ContainerListing> rows) {}
