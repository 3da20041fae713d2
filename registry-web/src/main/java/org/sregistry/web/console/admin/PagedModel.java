package org.sregistry.web.console.admin;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * A lazy table backed by a service's paged list: it asks for the count and for one page at a time,
 * with the page's own filter text (the services sort; the table does not).
 */
public class PagedModel<T> extends LazyDataModel<T> {

    private static final long serialVersionUID = 1L;

    /** How many rows match. */
    @FunctionalInterface
    public interface Counter extends Serializable {
        long count();
    }

    /** One page of rows. */
    @FunctionalInterface
    public interface Loader<T> extends Serializable {
        List<T> load(int offset, int limit);
    }

    /** A row's key, unique in the table. */
    @FunctionalInterface
    public interface Key<T> extends Serializable {
        String of(T row);
    }

    private final Counter counter;
    private final Loader<T> loader;
    private final Key<T> key;

    public PagedModel(Counter counter, Loader<T> loader, Key<T> key) {
        this.counter = counter;
        this.loader = loader;
        this.key = key;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return (int) Math.min(Integer.MAX_VALUE, counter.count());
    }

    @Override
    public List<T> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        return loader.load(first, pageSize);
    }

    @Override
    public String getRowKey(T row) {
        return key.of(row);
    }

    @Override
    public T getRowData(String rowKey) {
        return getWrappedData() == null ? null
                : getWrappedData().stream().filter(r -> key.of(r).equals(rowKey)).findFirst().orElse(null);
    }
}
