package org.sregistry.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counting statements of {@link DownloadService}, run as they are on the real migrations (H2 in
 * MariaDB mode): concurrent pulls are all counted, a limit admits exactly as many pulls as it
 * allows even when they race, a refused pull counts nowhere, and a new week starts from 0.
 */
class PullCounterSqlTest {

    static final LocalDate WEEK = LocalDate.of(2026, 11, 30);
    static final Pattern PARAM = Pattern.compile("\\?(\\d)");

    String url;
    Connection db;

    @BeforeEach
    void migrate() throws SQLException {
        url = "jdbc:h2:mem:pulls" + System.nanoTime() + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=20000;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        db = DriverManager.getConnection(url, "sa", "");
        exec("INSERT INTO namespace (id, name, kind, default_private, created_at) VALUES ('n1', 'alice', 'USER', FALSE, CURRENT_TIMESTAMP)");
        exec("INSERT INTO collection (id, namespace_id, name, is_private, created_at, updated_at)"
                + " VALUES ('col1', 'n1', 'tools', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        for (String c : List.of("box", "cup")) {
            exec("INSERT INTO container (id, collection_id, name, download_count, created_at, updated_at)"
                    + " VALUES ('" + c + "', 'col1', '" + c + "', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        exec("SHUTDOWN");
        db.close();
    }

    @Test
    void concurrentPullsAreAllCounted() throws Exception {
        assertThat(pullConcurrently("box", false, 8, 25)).isEqualTo(200);
        assertThat(longOf("SELECT download_count FROM container WHERE id = 'box'")).isEqualTo(200);
        assertThat(longOf("SELECT week_pulls FROM container WHERE id = 'box'")).isEqualTo(200);
        assertThat(longOf("SELECT download_count FROM collection WHERE id = 'col1'")).isEqualTo(200);
        assertThat(longOf("SELECT week_pulls FROM collection WHERE id = 'col1'")).isEqualTo(200);
    }

    @Test
    void aCollectionLimitAdmitsExactlyItsPullsAcrossContainersEvenWhenTheyRace() throws Exception {
        exec("UPDATE collection SET pull_limit = 30");
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String container = t % 2 == 0 ? "box" : "cup";
            runs.add(pool.submit(() -> pulls(container, true, 10)));
        }
        for (Future<Integer> r : runs) {
            admitted.addAndGet(r.get());
        }
        pool.shutdown();
        assertThat(admitted.get()).isEqualTo(30);
        assertThat(longOf("SELECT week_pulls FROM collection WHERE id = 'col1'")).isEqualTo(30);
        assertThat(longOf("SELECT download_count FROM collection WHERE id = 'col1'")).isEqualTo(30);
        // refused pulls rolled back their container counts too
        assertThat(longOf("SELECT SUM(download_count) FROM container")).isEqualTo(30);
        assertThat(longOf("SELECT SUM(week_pulls) FROM container")).isEqualTo(30);
    }

    @Test
    void aContainerLimitStopsThatContainerOnly() throws Exception {
        exec("UPDATE container SET pull_limit = 2 WHERE id = 'box'");
        assertThat(pulls("box", true, 5)).isEqualTo(2);
        assertThat(pulls("cup", true, 5)).isEqualTo(5);
        assertThat(longOf("SELECT download_count FROM collection WHERE id = 'col1'")).isEqualTo(7);
    }

    @Test
    void managersAreCountedButNotRefused() throws Exception {
        exec("UPDATE container SET pull_limit = 1 WHERE id = 'box'");
        assertThat(pulls("box", true, 1)).isEqualTo(1);
        assertThat(pulls("box", false, 3)).isEqualTo(3);
        assertThat(pulls("box", true, 1)).isZero();
        assertThat(longOf("SELECT week_pulls FROM container WHERE id = 'box'")).isEqualTo(4);
    }

    @Test
    void aNewWeekStartsFromZeroEvenBeforeTheResetJob() throws Exception {
        exec("UPDATE container SET pull_limit = 3, week_pulls = 3, download_count = 10, pulls_week = DATE '2026-11-23'"
                + " WHERE id = 'box'");
        assertThat(pulls("box", true, 5)).isEqualTo(3);
        assertThat(longOf("SELECT week_pulls FROM container WHERE id = 'box'")).isEqualTo(3);
        assertThat(longOf("SELECT download_count FROM container WHERE id = 'box'")).isEqualTo(13);
    }

    @Test
    void aZeroLimitRefusesEveryPullInAnyWeek() throws Exception {
        exec("UPDATE container SET pull_limit = 0, week_pulls = 0, pulls_week = DATE '2026-11-23' WHERE id = 'box'");
        assertThat(pulls("box", true, 2)).isZero();
        exec("UPDATE container SET pulls_week = NULL WHERE id = 'box'");
        assertThat(pulls("box", true, 2)).isZero();
        assertThat(longOf("SELECT download_count FROM container WHERE id = 'box'")).isZero();
    }

    @Test
    void pullsAreCountedPerDayByOneUpsertEvenWhenTheyRace() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 30);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            runs.add(pool.submit(() -> countDay("box", day, 20)));
        }
        for (Future<Integer> r : runs) {
            r.get();
        }
        pool.shutdown();
        countDay("box", day.plusDays(1), 3);
        countDay("cup", day, 1);

        assertThat(longOf("SELECT pulls FROM download_day WHERE container_id = 'box' AND pull_day = DATE '2026-11-30'")).isEqualTo(120);
        assertThat(longOf("SELECT pulls FROM download_day WHERE container_id = 'box' AND pull_day = DATE '2026-12-01'")).isEqualTo(3);
        assertThat(longOf("SELECT COUNT(*) FROM download_day")).isEqualTo(3);
        exec("DELETE FROM container WHERE id = 'cup'");
        assertThat(longOf("SELECT COUNT(*) FROM download_day WHERE container_id = 'cup'")).isZero();
    }

    /** Runs the service's per-day upsert {@code times} times, each its own transaction. */
    int countDay(String container, LocalDate day, int times) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (int i = 0; i < times; i++) {
                try (PreparedStatement st = c.prepareStatement(PARAM.matcher(DownloadService.COUNT_DAY).replaceAll("?"))) {
                    st.setString(1, container);
                    st.setDate(2, Date.valueOf(day));
                    st.executeUpdate();
                }
            }
        }
        return times;
    }

    /** {@code times} pulls of {@code container} in one connection, each its own transaction; answers those admitted. */
    int pulls(String container, boolean limited, int times) throws SQLException {
        int admitted = 0;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            for (int i = 0; i < times; i++) {
                if (bump(c, "container", container, limited) == 1 && bump(c, "collection", "col1", limited) == 1) {
                    c.commit();
                    admitted++;
                } else {
                    c.rollback();
                }
            }
        }
        return admitted;
    }

    int pullConcurrently(String container, boolean limited, int threads, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            runs.add(pool.submit(() -> pulls(container, limited, each)));
        }
        int admitted = 0;
        for (Future<Integer> r : runs) {
            admitted += r.get();
        }
        pool.shutdown();
        return admitted;
    }

    /** Runs the service's statement with JDBC: its numbered parameters become positional ones. */
    static int bump(Connection c, String table, String id, boolean limited) throws SQLException {
        String sql = DownloadService.bumpSql(table, limited);
        List<Integer> order = new ArrayList<>();
        Matcher m = PARAM.matcher(sql);
        while (m.find()) {
            order.add(Integer.parseInt(m.group(1)));
        }
        try (PreparedStatement st = c.prepareStatement(PARAM.matcher(sql).replaceAll("?"))) {
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i) == 1) {
                    st.setDate(i + 1, Date.valueOf(WEEK));
                } else {
                    st.setString(i + 1, id);
                }
            }
            return st.executeUpdate();
        }
    }

    void exec(String sql) throws SQLException {
        try (var st = db.createStatement()) {
            st.execute(sql);
        }
    }

    long longOf(String sql) throws SQLException {
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
