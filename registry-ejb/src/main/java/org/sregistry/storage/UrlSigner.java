package org.sregistry.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.registry.RegistryException;
import org.sregistry.registry.SettingService;

/**
 * Signs and checks the self-authorizing URLs of uploads and ranged downloads: the library client
 * sends no Authorization header to them, so the URL itself carries an expiry and an HMAC-SHA256 of
 * the path and expiry. The key comes from {@code registry.signing.key} or is generated once and kept
 * in the database, so every node of a cluster accepts every other node's URLs.
 */
@ApplicationScoped
public class UrlSigner {

    static final String SETTING = "url-signing-key";

    @Inject
    @ConfigProperty(name = "registry.signing.key")
    Optional<String> configuredKey;

    @Inject
    SettingService settings;

    private volatile byte[] key;

    public UrlSigner() {}

    /** For tests: a fixed key. */
    public UrlSigner(byte[] key) {
        this.key = key.clone();
    }

    public String sign(String path, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "\n" + expiresEpochSecond).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Throws FORBIDDEN unless {@code signature} signs {@code path} and the URL has not expired. */
    public void verify(String path, String expires, String signature, Instant now) {
        long exp;
        try {
            exp = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            throw RegistryException.forbidden("this transfer URL is not signed");
        }
        if (signature == null || !MessageDigest.isEqual(sign(path, exp).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw RegistryException.forbidden("this transfer URL's signature is not valid");
        }
        if (now.getEpochSecond() > exp) {
            throw RegistryException.forbidden("this transfer URL has expired; request a new one");
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            String hex = configuredKey.filter(s -> !s.isBlank()).orElseGet(() -> settings.getOrCreate(SETTING, () -> {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                return HexFormat.of().formatHex(fresh);
            }));
            k = hex.getBytes(StandardCharsets.UTF_8);
            key = k;
        }
        return k;
    }
}
