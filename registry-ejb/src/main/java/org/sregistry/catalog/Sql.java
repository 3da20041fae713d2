package org.sregistry.catalog;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A native SQL statement being written, with its positional parameters in order. */
final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    Sql add(String sql, Object... values) {
        text.append(sql);
        params.addAll(List.of(values));
        return this;
    }

    /** {@code (?, ?, ...)} for each of {@code values} (which must not be empty). */
    Sql in(Collection<String> values) {
        text.append('(').append(String.join(", ", values.stream().map(v -> "?").toList())).append(')');
        params.addAll(values);
        return this;
    }

    Query query(EntityManager em) {
        Query query = em.createNativeQuery(text.toString());
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }

    @Override
    public String toString() {
        return text + " " + params;
    }
}
