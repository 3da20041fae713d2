package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SettingService#insertIfAbsent} on the real migrations (H2 in MariaDB mode), as nodes
 * starting at once call it (the bootstrap lock row, the URL signing key, a lease): many callers
 * racing on one name all return without an error and exactly one row with one of their values is
 * left; an insert that loses to a rival's row committed after its check is no error; a name that
 * exists keeps its value.
 */
class SettingInsertRaceTest {

    JdbcDataSource h2;
    SettingService settings;

    @BeforeEach
    void migrate() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:settings" + System.nanoTime() + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=20000;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        settings = new SettingService();
        settings.dataSource = h2;
    }

    @AfterEach
    void close() throws SQLException {
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void racingInsertsOfOneNameAllSucceedAndLeaveOneRow() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String value = "node-" + i;
            done.add(pool.submit(() -> {
                start.await();
                settings.insertIfAbsent("lock.bootstrap", value);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(); // rethrows a caller's failure
        }
        pool.shutdown();

        assertThat(values("lock.bootstrap")).singleElement().asString().matches("node-[0-7]");
    }

    @Test
    void anInsertLosingToARivalsUncommittedRowIsNoError() throws Exception {
        try (Connection rival = h2.getConnection()) {
            rival.setAutoCommit(false);
            try (Statement s = rival.createStatement()) {
                s.executeUpdate("INSERT INTO registry_setting (name, setting_value) VALUES ('lease.job.x', 'rival')");
            }
            // our check does not see the rival's row yet, our insert waits for its transaction
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> ours = pool.submit(() -> {
                settings.insertIfAbsent("lease.job.x", "ours");
                return null;
            });
            Thread.sleep(500);
            assertThat(ours).as("waiting for the rival's transaction").isNotDone();
            rival.commit();
            ours.get();
            pool.shutdown();
        }

        assertThat(values("lease.job.x")).containsExactly("rival");
    }

    @Test
    void anExistingNameKeepsItsValue() throws Exception {
        settings.insertIfAbsent("url-signing-key", "first");
        settings.insertIfAbsent("url-signing-key", "second");

        assertThat(values("url-signing-key")).containsExactly("first");
    }

    private List<String> values(String name) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting_value FROM registry_setting WHERE name = '" + name + "'")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
