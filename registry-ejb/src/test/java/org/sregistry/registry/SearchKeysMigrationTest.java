package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration 24 on the real migrations (H2 in MariaDB mode): containers and images that existed
 * before the search index get the keys their entities would have, more of them than one page holds,
 * and the index's lookup statement (the one {@code LibrarySearch} runs) finds them.
 */
class SearchKeysMigrationTest {

    String url;
    Connection db;

    @BeforeEach
    void before() throws SQLException {
        url = "jdbc:h2:mem:keys" + System.nanoTime() + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        flyway().target("23").load().migrate();
        db = DriverManager.getConnection(url, "sa", "");
        exec("INSERT INTO namespace (id, name, kind, default_private, created_at) VALUES ('n1', 'alice', 'USER', FALSE, CURRENT_TIMESTAMP)");
        exec("INSERT INTO collection (id, namespace_id, name, is_private, created_at, updated_at)"
                + " VALUES ('col1', 'n1', 'tools', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    }

    @AfterEach
    void close() throws SQLException {
        exec("SHUTDOWN");
        db.close();
    }

    FluentConfiguration flyway() {
        return Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                .javaMigrations(new SearchKeysMigration());
    }

    @Test
    void existingContainersAndImagesGetTheKeysOfTheirTexts() throws SQLException {
        int containers = SearchKeysMigration.PAGE + 7; // more than one page
        for (int i = 0; i < containers; i++) {
            exec("INSERT INTO container (id, collection_id, name, description, download_count, created_at, updated_at)"
                    + " VALUES ('c%04d', 'col1', 'box-%04d', %s, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    .formatted(i, i, i == 3 ? "'A Python Toolbox'" : "NULL"));
        }
        exec("INSERT INTO image (id, container_id, digest, size_bytes, description, uploaded, download_count, created_at)"
                + " VALUES ('i1', 'c0001', 'd1', 1, 'Ubuntu Jammy', TRUE, 0, CURRENT_TIMESTAMP)");
        exec("INSERT INTO image (id, container_id, digest, size_bytes, description, uploaded, download_count, created_at)"
                + " VALUES ('i2', 'c0002', 'd2', 1, NULL, TRUE, 0, CURRENT_TIMESTAMP)");
        exec("INSERT INTO image_label (id, image_id, label_key, label_value) VALUES ('l1', 'i2', 'maintainer', 'Grace Hopper')");
        exec("INSERT INTO image_label (id, image_id, label_key, label_value) VALUES ('l2', 'i2', 'version', '1.2')");

        flyway().load().migrate();

        assertThat(strings("SELECT search_key FROM container_search_key WHERE container_id = 'c0003'"))
                .isEqualTo(new TreeSet<>(SearchKeys.of("box-0003", "A Python Toolbox")));
        assertThat(strings("SELECT search_key FROM image_search_key WHERE image_id = 'i1'"))
                .isEqualTo(new TreeSet<>(SearchKeys.of("Ubuntu Jammy")));
        assertThat(strings("SELECT search_key FROM image_search_key WHERE image_id = 'i2'"))
                .isEqualTo(new TreeSet<>(SearchKeys.of("Grace Hopper", "1.2")));
        assertThat(strings("SELECT DISTINCT container_id FROM container_search_key")).hasSize(containers);

        assertThat(lookup("container_search_key", "container_id", "TOOLBOX")).containsExactly("c0003");
        assertThat(lookup("container_search_key", "container_id", "box-050")).containsExactly("c0500", "c0501", "c0502",
                "c0503", "c0504", "c0505", "c0506");
        assertThat(lookup("image_search_key", "image_id", "hopper")).containsExactly("i2");
        assertThat(lookup("image_search_key", "image_id", "jammy")).containsExactly("i1");
        assertThat(lookup("image_search_key", "image_id", "nowhere")).isEmpty();

        exec("INSERT INTO image_search_key (image_id, search_key) VALUES ('i1', '" + SearchKeys.PARTIAL + "')");
        assertThat(lookup("image_search_key", "image_id", "nowhere")).containsExactly("i1");

        exec("DELETE FROM image WHERE id = 'i2'");
        assertThat(strings("SELECT search_key FROM image_search_key WHERE image_id = 'i2'")).isEmpty();
    }

    /** LibrarySearch's candidates statements. */
    List<String> lookup(String table, String owner, String value) throws SQLException {
        String from = SearchKeys.from(value);
        List<String> ids = new ArrayList<>();
        for (String sql : List.of("SELECT " + owner + " FROM " + table + " WHERE search_key >= ? AND search_key < ? LIMIT 4001",
                "SELECT " + owner + " FROM " + table + " WHERE search_key = ?")) {
            try (PreparedStatement p = db.prepareStatement(sql)) {
                if (sql.contains(">=")) {
                    p.setString(1, from);
                    p.setString(2, SearchKeys.after(from));
                } else {
                    p.setString(1, SearchKeys.PARTIAL);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        if (!ids.contains(rs.getString(1))) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    Set<String> strings(String sql) throws SQLException {
        Set<String> result = new TreeSet<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }

    void exec(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }
}
