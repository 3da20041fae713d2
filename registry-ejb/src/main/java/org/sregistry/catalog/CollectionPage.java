package org.sregistry.catalog;

import java.util.List;

/** One page of the collections a caller may see, and how many match in all. */
public record CollectionPage(long total, List<CollectionRow> rows) {}
