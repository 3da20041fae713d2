package org.sregistry.it.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.LibraryClient.Pushed;
import org.sregistry.it.TestImages;
import org.sregistry.it.console.Browser;
import org.sregistry.it.console.LoginPage;

/**
 * The collection and container pages in a real browser, on images pushed through the library API:
 * what anonymous visitors see (containers, SIF metadata, pull commands, a signed download link that
 * serves the exact bytes), stars, the owners' settings (privacy, description, members, frozen
 * tags, deletion) and tag moves and image deletes, each checked through the APIs; and a private
 * collection that is the 404 page for everyone else.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient
class CollectionPageIT {

    private static final String DEFFILE = "Bootstrap: docker\nFrom: alpine:3.20\n\n%post\n    apk add python3\n";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    record User(String name, ApiClient api) {
        String password() {
            return "pw-" + name + "-123456";
        }
    }

    ApiClient admin() {
        return ApiClient.of(deployed, ApiClient.adminToken());
    }

    /** A new user with a password (for the console) and a read-write token (for the library API). */
    User user(String prefix) {
        String name = unique(prefix);
        admin().postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "-123456\"}").expect(201);
        String token = admin().postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201).data().getString("token");
        return new User(name, admin().withToken(token));
    }

    static byte[] image(String label) {
        return TestImages.sif(4096, "amd64", DEFFILE, Map.of("maintainer", label, "org.label-schema.version", "1.2"));
    }

    String host() {
        return "127.0.0.1:" + deployed.getPort();
    }

    @Test
    void anonymousVisitorsSeeAPublicCollectionItsContainerAndDownloadTheExactBytes(WebDriver driver) throws Exception {
        User owner = user("owner");
        String coll = unique("coll");
        String label = unique("Research Computing");
        Pushed pushed = new LibraryClient(owner.api()).push(owner.name(), coll, "tools", image(label), "amd64", "latest", "v1");
        String sha = TestImages.sha256(pushed.bytes());

        CollectionPage page = new CollectionPage(driver, deployed).open(owner.name(), coll);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.heading()).contains(owner.name() + "/" + coll, "public");
        assertThat(page.containers()).contains("tools", "latest (amd64)", "v1 (amd64)", "amd64");
        assertThat(page.pullCommand(0)).isEqualTo("apptainer pull library://" + host() + "/" + owner.name() + "/" + coll + "/tools:latest");
        assertThat(page.pushCommand()).isEqualTo("apptainer push image.sif library://" + host() + "/" + owner.name() + "/" + coll + "/<container>:latest");
        assertThat(page.offersStar()).isFalse();
        assertThat(page.offersSettings()).isFalse();
        page.screenshot("collection");

        page.openContainer("tools");
        ContainerPage container = new ContainerPage(driver, deployed);
        assertThat(container.url()).contains("container.xhtml?entity=" + owner.name());
        assertThat(container.tags()).contains("latest", "v1", "amd64", "sha256." + sha.substring(0, 12));
        assertThat(container.imageText(sha)).contains("sha256." + sha, " KiB");
        assertThat(container.deffile(sha)).contains("Bootstrap: docker", "apk add python3");
        assertThat(container.labels(sha)).contains("maintainer " + label, "org.label-schema.version 1.2");
        assertThat(container.verdict(sha)).isEqualTo("Unsigned");
        assertThat(container.imageText(sha)).contains("rootfs.squashfs", "primsys", "squashfs");
        assertThat(container.historyTotal()).startsWith("0 pulls in the last 30 days");
        assertThat(container.historyDays()).hasSize(30).allSatisfy((day, pulls) -> assertThat(pulls).isZero());
        assertThat(container.offersChanges()).isFalse();
        container.screenshot("container");

        String link = container.downloadLink(sha);
        assertThat(link).startsWith("http://" + host() + "/v1/blobs/sha256." + sha + "?expires=");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(TestImages.sha256(download.body())).isEqualTo(sha);
        assertThat(download.body()).isEqualTo(pushed.bytes());
        HttpResponse<byte[]> tampered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(link.replaceAll("signature=[0-9a-f]", "signature=x"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tampered.statusCode()).isEqualTo(403);

        new LibraryClient(owner.api().anonymous()).pull(pushed.ref("latest"), "amd64");
        new LibraryClient(owner.api()).pull(pushed.ref("latest"), "amd64");
        assertThat(container.open(owner.name(), coll, "tools").downloadCount()).isEqualTo("2");
        assertThat(container.historyTotal()).startsWith("2 pulls in the last 30 days");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(container.historyDays()).containsEntry(today, 2L).hasSize(30);
        assertThat(container.present("historyChart")).isTrue();
    }

    @Test
    void aLoggedInUserStarsAndUnstarsACollectionAndFindsItInTheStarredList(WebDriver driver) {
        User owner = user("starred");
        String coll = unique("coll");
        new LibraryClient(owner.api()).push(owner.name(), coll, "tools", TestImages.sif(2048), "amd64", "latest");
        User fan = user("fan");
        new LoginPage(driver, deployed).logIn(fan.name(), fan.password());

        CollectionPage page = new CollectionPage(driver, deployed).open(owner.name(), coll);
        assertThat(page.starCount()).isZero();
        assertThat(page.starButton()).isEqualTo("Star");
        page.toggleStar();
        assertThat(page.starButton()).isEqualTo("Unstar");
        assertThat(page.starCount()).isEqualTo(1);
        assertThat(page.open(owner.name(), coll).starCount()).isEqualTo(1); // stored, not only shown

        StarredPage starred = new StarredPage(driver, deployed).open();
        assertThat(starred.collections()).contains(owner.name() + "/" + coll);
        starred.screenshot("starred");
        // the home page ranks it among the most starred collections (8 at most, most stars first)
        driver.get("http://" + host() + "/console/index.xhtml");
        assertThat(driver.findElements(org.openqa.selenium.By.cssSelector("#starred .starred-row")).stream()
                .map(org.openqa.selenium.WebElement::getText).toList())
                .hasSizeBetween(1, 8).anyMatch(row -> row.startsWith(owner.name() + "/" + coll) && row.endsWith("1 stars"));

        page.open(owner.name(), coll).toggleStar();
        assertThat(page.starCount()).isZero();
        assertThat(starred.open().collections()).doesNotContain(owner.name() + "/" + coll);
    }

    @Test
    void theOwnerChangesSettingsFreezesAndMovesTagsDeletesAnImageAndTheCollection(WebDriver driver) {
        User owner = user("boss");
        User helper = user("helper");
        String coll = unique("coll");
        LibraryClient library = new LibraryClient(owner.api());
        Pushed first = library.push(owner.name(), coll, "app", image("first"), "amd64", "latest");
        Pushed second = library.push(owner.name(), coll, "app", image("second"), "amd64", "v2");
        new LoginPage(driver, deployed).logIn(owner.name(), owner.password());
        assertThat(new CollectionPage(driver, deployed).open(owner.name(), coll).offersSettings()).isTrue();

        CollectionSettingsPage settings = new CollectionSettingsPage(driver, deployed).open(owner.name(), coll);
        assertThat(settings.status()).isEqualTo(200);
        settings.save(true, "Tools of the imaging group");
        assertThat(settings.messages()).contains("Settings saved.");
        JsonObject stored = owner.api().get("api/collections/" + owner.name() + "/" + coll).expect(200).data();
        assertThat(stored.getString("description")).isEqualTo("Tools of the imaging group");
        assertThat(stored.getBoolean("private")).isTrue();
        owner.api().anonymous().get("v1/collections/" + owner.name() + "/" + coll).expect(404);

        settings.addMember(helper.name(), "CONTRIBUTOR");
        assertThat(settings.members()).contains(helper.name(), "Contributor");
        assertThat(owner.api().get("api/collections/" + owner.name() + "/" + coll).expect(200).text()).contains(helper.name());
        helper.api().get("v1/collections/" + owner.name() + "/" + coll).expect(200); // a member sees the private collection

        settings.freeze("app", "latest");
        assertThat(settings.tags()).contains("frozen");
        settings.screenshot("collection-settings");
        byte[] third = TestImages.sif(2048);
        JsonObject announced = library.announce(first.path(), first.containerId(), third, "amd64");
        library.uploadV2(announced.getString("id"), third);
        ApiClient.Reply refused = owner.api().postJson("v2/tags/" + first.containerId(),
                LibraryClient.archTagJson("amd64", "latest", announced.getString("id")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorMessage()).contains("frozen");

        // a signature policy that the unsigned images break: the console's tag move is refused with the reason
        String listed = "0123456789ABCDEF0123456789ABCDEF01234567";
        settings.signaturePolicy("LISTED_KEYS", "0x" + listed.toLowerCase());
        assertThat(settings.messages()).contains("Signature policy LISTED_KEYS saved.");
        stored = owner.api().get("api/collections/" + owner.name() + "/" + coll).expect(200).data();
        assertThat(stored.getString("signaturePolicy")).isEqualTo("LISTED_KEYS");
        assertThat(stored.getJsonArray("signerKeys").getString(0)).isEqualTo(listed);
        ContainerPage container = new ContainerPage(driver, deployed).open(owner.name(), coll, "app");
        assertThat(container.tagVerdict(0)).isEqualTo("unsigned");
        container.moveTag("v2", "amd64", first.imageId());
        assertThat(container.messages()).contains("collection " + owner.name() + "/" + coll
                + " requires images signed by one of its listed keys; this image is unsigned");
        assertThat(owner.api().get("v1/images/" + first.ref("v2") + "?arch=amd64").expect(200).data().getString("id"))
                .isEqualTo(second.imageId());
        settings.open(owner.name(), coll).signaturePolicy("ANY", listed);
        assertThat(owner.api().get("api/collections/" + owner.name() + "/" + coll).expect(200).data()
                .getString("signaturePolicy")).isEqualTo("ANY");

        container = new ContainerPage(driver, deployed).open(owner.name(), coll, "app");
        assertThat(container.offersChanges()).isTrue();
        container.moveTag("v2", "amd64", first.imageId());
        assertThat(container.messages()).contains("Tag v2 moved.");
        assertThat(owner.api().get("v1/images/" + first.ref("v2") + "?arch=amd64").expect(200).data().getString("id"))
                .isEqualTo(first.imageId());
        container.screenshot("container-owner");

        String secondSha = TestImages.sha256(second.bytes());
        container.deleteImage(secondSha);
        assertThat(container.messages()).contains("deleted");
        assertThat(container.image(secondSha)).isNull();
        owner.api().get("v1/images/" + first.path() + ":" + second.hashRef()).expect(404);
        owner.api().get("v1/images/" + first.path() + ":" + first.hashRef()).expect(200);

        settings.open(owner.name(), coll).deleteCollection();
        assertThat(settings.messages()).contains("Collection " + owner.name() + "/" + coll + " deleted.");
        owner.api().get("v1/collections/" + owner.name() + "/" + coll).expect(404);
        owner.api().get("v1/images/" + first.ref("latest")).expect(404);
        assertThat(new CollectionPage(driver, deployed).open(owner.name(), coll).status()).isEqualTo(404);
    }

    @Test
    void aPrivateCollectionIsTheNotFoundPageForOutsidersAndItsSettingsForNonOwners(WebDriver driver) {
        User owner = user("secret");
        String coll = unique("coll");
        LibraryClient library = new LibraryClient(owner.api());
        String entityId = library.entity(owner.name());
        library.collection(owner.name(), entityId, coll, true);
        Pushed pushed = library.push(owner.name(), coll, "hidden", TestImages.sif(2048), "amd64", "latest");

        assertThat(new CollectionPage(driver, deployed).open(owner.name(), coll).status()).isEqualTo(404);
        assertThat(new ContainerPage(driver, deployed).open(owner.name(), coll, "hidden").status()).isEqualTo(404);

        User outsider = user("outsider");
        new LoginPage(driver, deployed).logIn(outsider.name(), outsider.password());
        CollectionPage page = new CollectionPage(driver, deployed).open(owner.name(), coll);
        assertThat(page.status()).isEqualTo(404);
        page.screenshot("collection-not-found");
        assertThat(new ContainerPage(driver, deployed).open(owner.name(), coll, "hidden").status()).isEqualTo(404);
        assertThat(new CollectionSettingsPage(driver, deployed).open(owner.name(), coll).status()).isEqualTo(404);
        assertThat(new CollectionPage(driver, deployed).open(owner.name(), unique("nosuch")).status()).isEqualTo(404);
        assertThat(new CollectionPage(driver, deployed).open("", "").status()).isEqualTo(404);

        // the owner sees it, and its download link works without the session
        outsider.api().get("v1/images/" + pushed.ref("latest")).expect(404);
        driver.manage().deleteAllCookies();
        new LoginPage(driver, deployed).logIn(owner.name(), owner.password());
        ContainerPage container = new ContainerPage(driver, deployed).open(owner.name(), coll, "hidden");
        assertThat(container.status()).isEqualTo(200);
        byte[] bytes = owner.api().anonymous().transfer("GET", container.downloadLink(TestImages.sha256(pushed.bytes())), null)
                .expect(200).body();
        assertThat(bytes).isEqualTo(pushed.bytes());
    }

    @Test
    void anOwnerSharesAPrivateImageFromTheContainerPageAndTheLinkDownloadsItUntilRevoked(WebDriver driver) throws Exception {
        User owner = user("sharer");
        String coll = unique("shr");
        Pushed pushed = new LibraryClient(owner.api()).push(owner.name(), coll, "box", image("share"), "amd64", "latest");
        owner.api().putJson("api/collections/" + owner.name() + "/" + coll, "{\"private\":true}").expect(200);

        new LoginPage(driver, deployed).logIn(owner.name(), owner.password());
        ContainerPage page = new ContainerPage(driver, deployed).open(owner.name(), coll, "box");
        assertThat(page.offersSharing()).isTrue();
        String url = page.createShare("3");
        assertThat(url).matches("http://.*/share/[A-Za-z0-9_-]{43}");
        assertThat(page.messages()).contains("Share link created");
        page.screenshot("share-link-created");

        // anyone with the link downloads the exact bytes, without a session or token
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pushed.bytes());

        page.open(owner.name(), coll, "box");
        assertThat(page.shareRows()).singleElement().asString().contains("sha256." + TestImages.sha256(pushed.bytes())).contains("active");
        assertThat(page.firstShareDownloads()).isEqualTo("1");
        JsonObject listed = owner.api().get("api/collections/" + owner.name() + "/" + coll + "/containers/box/shares")
                .expect(200).json().getJsonArray("data").getJsonObject(0);
        assertThat(listed.getJsonNumber("downloads").longValue()).isEqualTo(1);
        assertThat(java.time.Duration.between(java.time.Instant.parse(listed.getString("createdAt")),
                java.time.Instant.parse(listed.getString("expiresAt")))).isEqualTo(java.time.Duration.ofDays(3));

        page.revokeFirstShare();
        assertThat(page.messages()).contains("Share link revoked");
        assertThat(page.shareRows()).singleElement().asString().contains("revoked");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(410);

        // once public, visitors see the collection's badge snippet but no share panel
        owner.api().putJson("api/collections/" + owner.name() + "/" + coll, "{\"private\":false}").expect(200);
        driver.manage().deleteAllCookies();
        assertThat(new ContainerPage(driver, deployed).open(owner.name(), coll, "box").offersSharing()).isFalse();
        String base = url.replaceAll("/share/.*", "");
        driver.get(base + "/console/collection.xhtml?entity=" + owner.name() + "&collection=" + coll);
        assertThat(driver.findElement(org.openqa.selenium.By.id("badgeMarkdown")).getText())
                .isEqualTo("[![" + owner.name() + "/" + coll + "](" + base + "/api/collections/" + owner.name() + "/" + coll
                        + "/badge.svg)](" + base + "/console/collection.xhtml?entity=" + owner.name() + "&collection=" + coll + ")");
    }
}
