package org.sregistry.it.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;

/**
 * The HKP keystore over HTTP as apptainer's key client uses it ({@code /pks/add}, {@code /pks/lookup})
 * and key management ({@code /api/keys}): publishing, every kind of search, the machine-readable
 * index and its paging, refusals, merging on re-add, ownership and revocation.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeystoreIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient admin;
    ApiClient anonymous;

    @BeforeEach
    void connect() {
        admin = ApiClient.of(deployed, ApiClient.adminToken());
        anonymous = admin.anonymous();
    }

    // ---- publishing and finding --------------------------------------------------------------------

    @Test
    void aPublishedKeyIsFoundByFingerprintKeyIdShortKeyIdAndText() throws Exception {
        String name = unique("alice");
        Keys alice = Keys.generate("Alice " + name + " <" + name + "@example.org>");
        ApiClient owner = user(unique("owner"));

        ApiClient.Reply added = add(owner, alice.publicArmored());
        assertThat(added.status()).as(added.describe()).isEqualTo(200);
        assertThat(added.text()).contains(alice.fingerprint());

        String fp = alice.fingerprint();
        for (String search : List.of("0x" + fp.toLowerCase(), "0x" + fp.substring(24).toLowerCase(),
                "0x" + fp.substring(32).toLowerCase(), "0x" + Long.toHexString(alice.keyId()), fp.substring(24).toLowerCase())) {
            ApiClient.Reply got = anonymous.get("pks/lookup?exact=on&op=get&search=" + search);
            assertThat(got.status()).as(got.describe()).isEqualTo(200);
            assertThat(got.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/pgp-keys"));
            assertThat(got.text()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
            assertThat(packets(got.text())).as(search).isEqualTo(alice.publicRing().getEncoded(true));
        }

        ApiClient.Reply index = anonymous.get("pks/lookup?fingerprint=on&op=index&options=mr&search=" + name + "&x-pagesize=256");
        assertThat(index.status()).as(index.describe()).isEqualTo(200);
        PGPPublicKey primary = alice.publicRing().getPublicKey();
        long created = primary.getCreationTime().getTime() / 1000;
        assertThat(index.text()).isEqualTo("info:1:1\npub:" + fp + ":1:1024:" + created + "::\nuid:Alice " + name + " <"
                + name + "@example.org>:" + created + "::\n");
        assertThat(index.header("X-HKP-Next-Page-Token")).isEmpty();

        ApiClient.Reply keyIds = anonymous.get("pks/lookup?op=index&options=mr&search=0x" + fp.substring(32));
        assertThat(keyIds.text()).contains("pub:" + fp.substring(24) + ":1:1024:");
    }

    @Test
    void theIndexIsPagedByXPageSize() throws Exception {
        String tag = unique("page");
        for (int i = 0; i < 3; i++) {
            assertThat(add(admin, Keys.generate("Key " + i + " <" + tag + "-" + i + "@example.org>").publicArmored()).status())
                    .isEqualTo(200);
        }
        ApiClient.Reply first = anonymous.get("pks/lookup?fingerprint=on&op=index&options=mr&search=" + tag + "&x-pagesize=2");
        assertThat(first.status()).as(first.describe()).isEqualTo(200);
        assertThat(first.text()).startsWith("info:1:2\n");
        assertThat(first.text().lines().filter(l -> l.startsWith("pub:"))).hasSize(2);
        String token = first.header("X-HKP-Next-Page-Token").orElseThrow();

        ApiClient.Reply second = anonymous.get("pks/lookup?fingerprint=on&op=index&options=mr&search=" + tag
                + "&x-pagesize=2&x-pagetoken=" + token);
        assertThat(second.text()).startsWith("info:1:1\n");
        assertThat(second.header("X-HKP-Next-Page-Token")).isEmpty();
        assertThat(second.text()).doesNotContain(first.text().lines().filter(l -> l.startsWith("pub:")).findFirst().orElseThrow());
    }

    @Test
    void reAddingAKeyMergesItsNewUserIdsInsteadOfDuplicatingIt() throws Exception {
        String name = unique("carol");
        Keys carol = Keys.generate("Carol <" + name + "@example.org>");
        assertThat(add(admin, carol.publicArmored()).status()).isEqualTo(200);
        assertThat(add(admin, carol.withUserId("Carol Work <" + name + "@work.example>")).status()).isEqualTo(200);

        ApiClient.Reply index = anonymous.get("pks/lookup?op=index&options=mr&fingerprint=on&search=" + name);
        assertThat(index.text()).startsWith("info:1:1\n").contains("uid:Carol <" + name + "@example.org>:")
                .contains("uid:Carol Work <" + name + "@work.example>:");
        long listed = admin.get("api/keys").expect(200).json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(k -> k.getString("fingerprint").equals(carol.fingerprint())).count();
        assertThat(listed).isEqualTo(1);
    }

    // ---- refusals ------------------------------------------------------------------------------------

    @Test
    void anonymousSecretMalformedAndSeveralKeysAreRefusedInTheEnvelope() throws Exception {
        Keys dave = Keys.generate("Dave <" + unique("dave") + "@example.org>");
        Keys erin = Keys.generate("Erin <" + unique("erin") + "@example.org>");

        assertError(add(anonymous, dave.publicArmored()), 401, "token required");
        assertError(add(admin, dave.secretArmored()), 400, "secret");
        assertError(add(admin, "not a key"), 400, "not an ASCII-armored");
        assertError(add(admin, dave.publicArmored().substring(0, 300) + "\n-----END PGP PUBLIC KEY BLOCK-----\n"), 400, "");
        assertError(add(admin, dave.publicArmored() + erin.publicArmored()), 400, "one key per request");
        assertError(admin.send("POST", "pks/add", BodyPublishers.ofString(""), "Content-Type",
                "application/x-www-form-urlencoded"), 400, "keytext is required");
        assertThat(anonymous.get("pks/lookup?op=get&exact=on&search=0x" + dave.fingerprint()).status()).isEqualTo(404);

        assertError(anonymous.get("pks/lookup?op=delete&search=x"), 400, "op must be");
        assertError(anonymous.get("pks/lookup?op=index"), 400, "search is required");
        assertError(anonymous.get("pks/lookup?op=index&search=x&x-pagesize=0"), 400, "x-pagesize");
        assertError(anonymous.get("pks/lookup?op=get&search=0x" + "a".repeat(24)), 400, "neither a key ID");
        assertError(anonymous.get("pks/lookup?op=get&search=" + unique("nobody")), 404, "no keys match");
    }

    @Test
    void aBareBearerSchemeIsAnonymousOnTheKeystore() throws Exception {
        Keys frank = Keys.generate("Frank <" + unique("frank") + "@example.org>");
        assertThat(add(admin, frank.publicArmored()).status()).isEqualTo(200);
        ApiClient.Reply got = anonymous.get("pks/lookup?exact=on&op=get&search=0x" + frank.fingerprint(),
                "Authorization", "Bearer");
        assertThat(got.status()).as(got.describe()).isEqualTo(200);
        assertError(anonymous.send("POST", "pks/add", form(frank.publicArmored()), "Content-Type",
                "application/x-www-form-urlencoded", "Authorization", "Bearer"), 401, "token required");
    }

    // ---- ownership and revocation --------------------------------------------------------------------

    @Test
    void onlyTheOwnerOrStaffRevokeAndARevokedKeyIsNoLongerServed() throws Exception {
        String name = unique("grace");
        Keys grace = Keys.generate("Grace <" + name + "@example.org>");
        ApiClient owner = user(unique("owner"));
        ApiClient other = user(unique("other"));
        assertThat(add(owner, grace.publicArmored()).status()).isEqualTo(200);
        String fp = grace.fingerprint();

        assertThat(owner.get("api/keys").expect(200).json().getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(k -> k.getString("fingerprint")).containsExactly(fp);
        assertThat(other.get("api/keys").expect(200).json().getJsonArray("data")).isEmpty();

        assertError(other.delete("api/keys/" + fp), 403, "may not revoke");
        assertError(anonymous.delete("api/keys/" + fp), 401, "");
        assertError(owner.delete("api/keys/" + "0".repeat(40)), 404, "not found");
        assertError(owner.delete("api/keys/nothex"), 400, "40 hex digits");

        JsonObject revoked = owner.delete("api/keys/" + fp.toLowerCase()).expect(200).data();
        assertThat(revoked.getBoolean("revoked")).isTrue();
        assertThat(revoked.getString("owner")).isNotBlank();
        assertThat(anonymous.get("pks/lookup?exact=on&op=get&search=0x" + fp).status()).isEqualTo(404);
        assertThat(anonymous.get("pks/lookup?exact=on&op=get&search=0x" + Long.toHexString(grace.keyId())).status())
                .isEqualTo(404);
        assertThat(anonymous.get("pks/lookup?op=index&options=mr&search=" + name).status()).isEqualTo(404);

        assertThat(admin.get("api/keys").expect(200).json().getJsonArray("data").getValuesAs(JsonObject.class))
                .filteredOn(k -> k.getString("fingerprint").equals(fp)).singleElement()
                .satisfies(k -> assertThat(k.getBoolean("revoked")).isTrue());

        assertError(add(other, grace.publicArmored()), 409, "revoked");
        assertThat(add(owner, grace.publicArmored()).status()).isEqualTo(200);
        assertThat(anonymous.get("pks/lookup?exact=on&op=get&search=0x" + fp).status()).isEqualTo(200);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static ApiClient.Reply add(ApiClient client, String keytext) {
        return client.send("POST", "pks/add", form(keytext), "Content-Type", "application/x-www-form-urlencoded");
    }

    private static BodyPublisher form(String keytext) {
        return BodyPublishers.ofString("keytext=" + URLEncoder.encode(keytext, StandardCharsets.UTF_8));
    }

    private ApiClient user(String username) {
        admin.postJson("api/admin/users", "{\"username\":\"" + username + "\",\"role\":\"USER\"}").expect(201);
        String token = admin.postJson("api/admin/users/" + username + "/tokens", "{\"name\":\"keys\",\"scope\":\"WRITE\"}")
                .expect(201).data().getString("token");
        return admin.withToken(token);
    }

    private static void assertError(ApiClient.Reply reply, int status, String messagePart) {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.describe())
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(reply.error().getInt("code")).isEqualTo(status);
        assertThat(reply.errorMessage()).as(reply.describe()).containsIgnoringCase(messagePart);
    }

    /** The binary packets of an armored key text. */
    private static byte[] packets(String armored) throws IOException {
        try (var in = new ArmoredInputStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            Object ring = new BcPGPObjectFactory(in).nextObject();
            assertThat(ring).isInstanceOf(PGPPublicKeyRing.class);
            return ((PGPPublicKeyRing) ring).getEncoded(true);
        }
    }

    /** An RSA key pair made with BouncyCastle: one self-certified user id and an encryption subkey. */
    record Keys(PGPPublicKeyRing publicRing, PGPSecretKeyRing secretRing) {

        static Keys generate(String userId) throws Exception {
            Date now = new Date();
            var primary = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa(), now);
            var generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), null);
            generator.addSubKey(new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa(), now));
            return new Keys(generator.generatePublicKeyRing(), generator.generateSecretKeyRing());
        }

        private static AsymmetricCipherKeyPair rsa() {
            var generator = new RSAKeyPairGenerator();
            generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 1024, 12));
            return generator.generateKeyPair();
        }

        String fingerprint() {
            return HexFormat.of().withUpperCase().formatHex(publicRing.getPublicKey().getFingerprint());
        }

        long keyId() {
            return publicRing.getPublicKey().getKeyID();
        }

        String publicArmored() throws IOException {
            return armor(publicRing.getEncoded(true));
        }

        String secretArmored() throws IOException {
            return armor(secretRing.getEncoded());
        }

        /** The public key with one more user id, self-certified: what a re-add after {@code gpg --edit-key adduid} sends. */
        String withUserId(String userId) throws Exception {
            var secret = secretRing.getSecretKey().extractPrivateKey(
                    new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(new char[0]));
            PGPPublicKey key = publicRing.getPublicKey();
            var signer = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL,
                    HashAlgorithmTags.SHA256), key);
            signer.init(PGPSignature.POSITIVE_CERTIFICATION, secret);
            PGPPublicKey more = PGPPublicKey.addCertification(key, userId, signer.generateCertification(userId, key));
            return armor(PGPPublicKeyRing.insertPublicKey(publicRing, more).getEncoded(true));
        }

        private static String armor(byte[] packets) throws IOException {
            var out = new ByteArrayOutputStream();
            try (var armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
                armor.write(packets);
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }
}
