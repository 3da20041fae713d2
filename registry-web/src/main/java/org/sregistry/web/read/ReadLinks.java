package org.sregistry.web.read;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/** Pages of the read API with the addresses of their neighbours, at the registry's public address. */
final class ReadLinks {

    private ReadLinks() {}

    static <R, T> ReadJson.Page<T> page(long total, ReadParams.Window window, List<R> rows, Function<R, T> item,
            UriInfo uri, String base) {
        Integer next = window.offset() + (long) rows.size() < total && !rows.isEmpty()
                ? window.offset() + rows.size() : null;
        Integer prev = window.offset() > 0 ? Math.max(0, window.offset() - window.limit()) : null;
        return new ReadJson.Page<>(total, window.offset(), window.limit(), rows.stream().map(item).toList(), next, prev,
                link(uri, base, next, window.limit()), link(uri, base, prev, window.limit()));
    }

    /** The request's own address with {@code offset} and {@code limit} replaced, below the public base. */
    private static String link(UriInfo uri, String base, Integer offset, int limit) {
        if (offset == null) {
            return null;
        }
        URI page = UriBuilder.fromUri(uri.getRequestUri()).replaceQueryParam("offset", offset)
                .replaceQueryParam("limit", limit).build();
        return base + "/" + uri.getBaseUri().relativize(page).toString();
    }
}
