package org.sregistry.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sregistry.registry.RegistryException;

/** Share links without a server: expiry, revocation, secrets and their stored hash, the V18 table. */
class ShareLinkTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aLinkIsActiveUntilItsExpiryThenExpired() {
        var link = new ShareLink(null, "latest", "h", "ada", NOW, NOW.plus(Duration.ofDays(7)));
        assertThat(link.stateAt(NOW)).isEqualTo(ShareLink.State.ACTIVE);
        assertThat(link.stateAt(NOW.plus(Duration.ofDays(7)).minusMillis(1))).isEqualTo(ShareLink.State.ACTIVE);
        assertThat(link.stateAt(NOW.plus(Duration.ofDays(7)))).isEqualTo(ShareLink.State.EXPIRED);
        assertThat(link.stateAt(NOW.plus(Duration.ofDays(400)))).isEqualTo(ShareLink.State.EXPIRED);
    }

    @Test
    void aRevokedLinkStaysRevokedAndKeepsItsFirstRevocationTime() {
        var link = new ShareLink(null, "latest", "h", "ada", NOW, NOW.plus(Duration.ofDays(7)));
        assertThat(link.revoke(NOW.plusSeconds(60))).isTrue();
        assertThat(link.stateAt(NOW.plusSeconds(61))).isEqualTo(ShareLink.State.REVOKED);
        assertThat(link.revoke(NOW.plusSeconds(120))).isFalse();
        assertThat(link.getRevokedAt()).isEqualTo(NOW.plusSeconds(60));
        // revoked wins over expired: the message says what happened first on purpose
        assertThat(link.stateAt(NOW.plus(Duration.ofDays(30)))).isEqualTo(ShareLink.State.REVOKED);
    }

    @Test
    void expiryDefaultsToSevenDaysAndIsCappedByTheSetting() {
        assertThat(ShareService.expiry(NOW, null, 30)).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(ShareService.expiry(NOW, 1, 30)).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(ShareService.expiry(NOW, 30, 30)).isEqualTo(NOW.plus(Duration.ofDays(30)));
        // a maximum below the default makes the maximum the default
        assertThat(ShareService.expiry(NOW, null, 3)).isEqualTo(NOW.plus(Duration.ofDays(3)));
        for (int bad : new int[] {0, -1, 31, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> ShareService.expiry(NOW, bad, 30)).isInstanceOf(RegistryException.class)
                    .hasMessage("days must be between 1 and 30 (REGISTRY_SHARE_MAX_DAYS)")
                    .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.INVALID);
        }
    }

    @Test
    void secretsAreUrlSafeDistinctAndOnlyTheirSha256IsStored() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String s = ShareSecrets.next();
            assertThat(s).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(ShareSecrets.plausible(s)).isTrue();
            assertThat(seen.add(s)).isTrue();
        }
        assertThat(ShareSecrets.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String s = ShareSecrets.next();
        assertThat(ShareSecrets.hash(s)).hasSize(64).isNotEqualTo(s).doesNotContain(s);
    }

    @Test
    void addressesThatCannotBeSecretsAreNotLookedUp() {
        assertThat(ShareSecrets.plausible(null)).isFalse();
        assertThat(ShareSecrets.plausible("")).isFalse();
        assertThat(ShareSecrets.plausible("../etc/passwd")).isFalse();
        assertThat(ShareSecrets.plausible("a b")).isFalse();
        assertThat(ShareSecrets.plausible("x".repeat(ShareSecrets.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void theTableKeepsOneRowPerSecretAndLinksGoWithTheirImage() throws SQLException {
        String url = "jdbc:h2:mem:shares" + System.nanoTime() + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        try (Connection db = DriverManager.getConnection(url, "sa", ""); Statement st = db.createStatement()) {
            st.execute("INSERT INTO namespace (id, name, kind, default_private, created_at) VALUES ('n1', 'alice', 'USER', FALSE, CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO collection (id, namespace_id, name, is_private, created_at, updated_at)"
                    + " VALUES ('col1', 'n1', 'tools', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO container (id, collection_id, name, download_count, created_at, updated_at)"
                    + " VALUES ('box', 'col1', 'box', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO image (id, container_id, digest, size_bytes, uploaded, download_count, created_at)"
                    + " VALUES ('im1', 'box', '" + "a".repeat(64) + "', 10, TRUE, 0, CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO share_link (id, image_id, tag, secret_hash, created_by, created_at, expires_at)"
                    + " VALUES ('s1', 'im1', 'latest', '" + ShareSecrets.hash("one") + "', 'alice', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            assertThatThrownBy(() -> st.execute("INSERT INTO share_link (id, image_id, secret_hash, created_at, expires_at)"
                    + " VALUES ('s2', 'im1', '" + ShareSecrets.hash("one") + "', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
                    .isInstanceOf(SQLException.class);
            st.execute("UPDATE share_link SET download_count = download_count + 1 WHERE id = 's1'");
            try (ResultSet rs = st.executeQuery("SELECT download_count FROM share_link WHERE id = 's1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            st.execute("DELETE FROM image WHERE id = 'im1'");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM share_link")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }
}
