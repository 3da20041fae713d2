package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenID Connect provider as the registry talks to it: its discovery document and signing keys
 * (fetched at the first login, not at deployment, and kept; the keys are fetched again when a token
 * names a key not seen yet, so the provider can rotate them), the token endpoint, and the checks of
 * an ID token: an RS256/RS384/RS512 signature by one of the provider's keys (verified with
 * {@code java.security}; {@code none} and shared-secret algorithms are refused), the issuer, the
 * audience (this client), the expiry and the nonce of this login.
 */
@ApplicationScoped
public class OpenIdProvider {

    /** A login that cannot go on; {@code key} names the message the login page shows. */
    public static class Failure extends Exception {
        private final String key;

        Failure(String key, String detail) {
            super(detail);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** The endpoints of the provider's discovery document. */
    record Endpoints(String issuer, String authorization, String token, String jwks) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Clocks of the provider and the registry may differ this much. */
    private static final Duration SKEW = Duration.ofMinutes(2);
    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");

    @Inject
    OpenIdSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private volatile Endpoints endpoints;
    private volatile Map<String, PublicKey> keys = Map.of();

    Endpoints endpoints() throws Failure {
        Endpoints known = endpoints;
        if (known == null) {
            JsonObject doc = getJson(settings.issuer() + "/.well-known/openid-configuration");
            try {
                known = new Endpoints(doc.getString("issuer"), doc.getString("authorization_endpoint"),
                        doc.getString("token_endpoint"), doc.getString("jwks_uri"));
            } catch (RuntimeException e) {
                throw new Failure("unavailable", "the provider's discovery document lacks an endpoint: " + e.getMessage());
            }
            endpoints = known;
        }
        return known;
    }

    /** Exchanges an authorization code (with its PKCE verifier) for the provider's tokens; returns the ID token. */
    String idToken(String code, String redirectUri, String verifier) throws Failure {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "code_verifier", verifier));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoints().token())).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (settings.clientSecret().isEmpty()) {
            form.put("client_id", settings.clientId());
        } else {
            String basic = encode(settings.clientId()) + ":" + encode(settings.clientSecret());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
        JsonObject tokens = parse(response.body(), "the token endpoint");
        if (response.statusCode() != 200 || !(tokens.get("id_token") instanceof JsonString idToken)) {
            throw new Failure("invalid", "the token endpoint answered " + response.statusCode() + ": "
                    + tokens.getString("error", "") + " " + tokens.getString("error_description", "") + " (no ID token)");
        }
        return idToken.getString();
    }

    /** The claims of an ID token whose signature, issuer, audience, expiry and nonce are right. */
    JsonObject verify(String idToken, String nonce) throws Failure {
        String[] parts = idToken.split("\\.", -1);
        if (parts.length != 3) {
            throw new Failure("invalid", "the ID token is not a signed JWT");
        }
        JsonObject header = parse(decode(parts[0]), "the ID token's header");
        String algorithm = ALGORITHMS.get(header.getString("alg", ""));
        if (algorithm == null) {
            throw new Failure("invalid", "the ID token is signed with " + header.getString("alg", "nothing")
                    + "; the registry accepts RS256, RS384 and RS512");
        }
        String kid = header.getString("kid", null);
        if (!verifies(algorithm, key(kid), parts)) {
            throw new Failure("invalid", "the ID token's signature is wrong");
        }
        JsonObject claims = parse(decode(parts[1]), "the ID token's claims");
        Instant now = Instant.now();
        if (!endpoints().issuer().equals(claims.getString("iss", null))) {
            throw new Failure("invalid", "the ID token's issuer is " + claims.getString("iss", "missing"));
        }
        if (!audience(claims.get("aud")) || (claims.containsKey("azp") && !settings.clientId().equals(claims.getString("azp", null)))) {
            throw new Failure("invalid", "the ID token is not meant for the client " + settings.clientId());
        }
        if (!(claims.get("exp") instanceof jakarta.json.JsonNumber exp) || Instant.ofEpochSecond(exp.longValue()).plus(SKEW).isBefore(now)) {
            throw new Failure("invalid", "the ID token has expired");
        }
        if (nonce == null || !nonce.equals(claims.getString("nonce", null))) {
            throw new Failure("invalid", "the ID token's nonce is not this login's");
        }
        if (claims.getString("sub", "").isBlank()) {
            throw new Failure("invalid", "the ID token names no subject");
        }
        return claims;
    }

    private boolean audience(JsonValue aud) {
        String client = settings.clientId();
        if (aud instanceof JsonString one) {
            return one.getString().equals(client);
        }
        return aud != null && aud.getValueType() == JsonValue.ValueType.ARRAY
                && aud.asJsonArray().stream().anyMatch(a -> a instanceof JsonString s && s.getString().equals(client));
    }

    private static boolean verifies(String algorithm, PublicKey key, String[] parts) throws Failure {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Failure("invalid", "the ID token's signature cannot be checked: " + e.getMessage());
        }
    }

    /** The provider's key {@code kid} (or its only key when the token names none), fetching the keys again once if unknown. */
    private PublicKey key(String kid) throws Failure {
        PublicKey key = pick(keys, kid);
        if (key == null) {
            keys = fetchKeys();
            key = pick(keys, kid);
        }
        if (key == null) {
            throw new Failure("invalid", "the ID token is signed with a key the provider does not publish: " + kid);
        }
        return key;
    }

    private static PublicKey pick(Map<String, PublicKey> keys, String kid) {
        if (kid != null) {
            return keys.get(kid);
        }
        return keys.size() == 1 ? keys.values().iterator().next() : null;
    }

    private Map<String, PublicKey> fetchKeys() throws Failure {
        JsonObject jwks = getJson(endpoints().jwks());
        Map<String, PublicKey> found = new HashMap<>();
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            int unnamed = 0;
            for (JsonValue value : jwks.getJsonArray("keys")) {
                JsonObject jwk = value.asJsonObject();
                if (!"RSA".equals(jwk.getString("kty", "")) || !"sig".equals(jwk.getString("use", "sig"))) {
                    continue;
                }
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
                found.put(jwk.getString("kid", "#" + unnamed++), rsa.generatePublic(new RSAPublicKeySpec(n, e)));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Failure("unavailable", "the provider's keys (" + endpoints().jwks() + ") cannot be read: " + e);
        }
        return Map.copyOf(found);
    }

    private JsonObject getJson(String url) throws Failure {
        HttpResponse<String> response;
        try {
            response = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json").GET().build());
        } catch (IllegalArgumentException e) {
            throw new Failure("unavailable", "not an address: " + url);
        }
        if (response.statusCode() != 200) {
            throw new Failure("unavailable", url + " answered " + response.statusCode());
        }
        return parse(response.body(), url);
    }

    private HttpResponse<String> send(HttpRequest request) throws Failure {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure("unavailable", request.uri() + " cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("unavailable", request.uri() + ": interrupted");
        }
    }

    private static JsonObject parse(String json, String what) throws Failure {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Failure("invalid", what + " is not a JSON object");
        }
    }

    private static String decode(String base64url) throws Failure {
        try {
            return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Failure("invalid", "the ID token is not base64url");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
