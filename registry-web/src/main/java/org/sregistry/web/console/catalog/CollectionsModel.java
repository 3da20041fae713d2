package org.sregistry.web.console.catalog;

import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;
import org.sregistry.catalog.CatalogService;
import org.sregistry.catalog.CollectionPage;
import org.sregistry.catalog.CollectionQuery;
import org.sregistry.catalog.CollectionRow;
import org.sregistry.web.console.CurrentUser;

/**
 * The browse table's rows: each page is one {@link CatalogService#page} call (count and rows), made
 * with the caller of the request that asks for it.
 */
public class CollectionsModel extends LazyDataModel<CollectionRow> {

    private static final long serialVersionUID = 1L;

    private final CatalogService catalog;
    private final CurrentUser currentUser;
    private final String entity;
    private final String tag;
    private final String labelKey;
    private final String labelValue;

    CollectionsModel(CatalogService catalog, CurrentUser currentUser, String entity, String tag, String labelKey,
            String labelValue) {
        this.catalog = catalog;
        this.currentUser = currentUser;
        this.entity = entity;
        this.tag = tag;
        this.labelKey = labelKey;
        this.labelValue = labelValue;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return (int) catalog.page(currentUser.caller(), query(0, 0, Map.of(), filterBy)).total();
    }

    @Override
    public List<CollectionRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        CollectionPage page = catalog.page(currentUser.caller(), query(first, pageSize, sortBy, filterBy));
        setRowCount((int) page.total());
        return page.rows();
    }

    @Override
    public String getRowKey(CollectionRow row) {
        return row.id();
    }

    @Override
    public CollectionRow getRowData(String rowKey) {
        return getWrappedData().stream().filter(r -> r.id().equals(rowKey)).findFirst().orElse(null);
    }

    private CollectionQuery query(int first, int size, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        FilterMeta name = filterBy.get("name");
        String text = name == null || name.getFilterValue() == null ? null : name.getFilterValue().toString();
        SortMeta sort = sortBy.values().stream().findFirst().orElse(null);
        CollectionQuery.Sort by = sort == null ? CollectionQuery.Sort.NAME : switch (sort.getField()) {
            case "containers" -> CollectionQuery.Sort.CONTAINERS;
            case "size" -> CollectionQuery.Sort.SIZE;
            case "lastPush" -> CollectionQuery.Sort.LAST_PUSH;
            case "downloads" -> CollectionQuery.Sort.DOWNLOADS;
            default -> CollectionQuery.Sort.NAME;
        };
        boolean ascending = sort == null || sort.getOrder() != SortOrder.DESCENDING;
        return new CollectionQuery(text, entity, tag, labelKey, labelValue, by, ascending, first, size);
    }
}
