package org.sregistry.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Flyway migration 24: the search index's keys ({@link SearchKeys}) of the containers and images
 * that existed before the index did (migration 23 made its tables; from then on the entities keep
 * their own keys). Reads a page of owners at a time, so a large registry does not have to fit in
 * memory, and writes the keys in JDBC batches.
 */
public class SearchKeysMigration implements JavaMigration {

    private static final System.Logger LOG = System.getLogger(SearchKeysMigration.class.getName());

    /** Owners read per statement. */
    static final int PAGE = 500;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("24");
    }

    @Override
    public String getDescription() {
        return "search keys of existing containers and images";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        long containers = fill(db, "SELECT id, name, description FROM container WHERE id > ? ORDER BY id",
                null, "INSERT INTO container_search_key (container_id, search_key) VALUES (?, ?)");
        long images = fill(db, "SELECT id, description FROM image WHERE id > ? ORDER BY id",
                "SELECT image_id, label_value FROM image_label WHERE image_id IN (%s) ORDER BY image_id, label_key",
                "INSERT INTO image_search_key (image_id, search_key) VALUES (?, ?)");
        LOG.log(System.Logger.Level.INFO, "search index: keys written for {0} containers and {1} images", containers, images);
    }

    /**
     * Writes the keys of every owner {@code owners} reads (its id, then its texts), with the texts
     * {@code more} reads by owner id (null: none); answers the number of owners.
     */
    private static long fill(Connection db, String owners, String more, String insert) throws SQLException {
        long count = 0;
        String after = "";
        try (PreparedStatement read = db.prepareStatement(owners); PreparedStatement write = db.prepareStatement(insert)) {
            read.setMaxRows(PAGE);
            while (true) {
                read.setString(1, after);
                Map<String, List<String>> texts = new LinkedHashMap<>();
                try (ResultSet rs = read.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> own = new ArrayList<>();
                        for (int c = 2; c <= columns; c++) {
                            own.add(rs.getString(c));
                        }
                        texts.put(rs.getString(1), own);
                    }
                }
                if (texts.isEmpty()) {
                    return count;
                }
                if (more != null) {
                    addTexts(db, more, texts);
                }
                for (Map.Entry<String, List<String>> owner : texts.entrySet()) {
                    Set<String> keys = SearchKeys.of(owner.getValue().stream());
                    for (String key : keys) {
                        write.setString(1, owner.getKey());
                        write.setString(2, key);
                        write.addBatch();
                    }
                    after = owner.getKey();
                }
                write.executeBatch();
                count += texts.size();
            }
        }
    }

    private static void addTexts(Connection db, String sql, Map<String, List<String>> texts) throws SQLException {
        String marks = String.join(", ", Stream.generate(() -> "?").limit(texts.size()).toList());
        try (PreparedStatement read = db.prepareStatement(sql.formatted(marks))) {
            int i = 1;
            for (String id : texts.keySet()) {
                read.setString(i++, id);
            }
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    texts.get(rs.getString(1)).add(rs.getString(2));
                }
            }
        }
    }
}
