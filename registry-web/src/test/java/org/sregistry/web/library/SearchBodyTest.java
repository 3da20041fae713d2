package org.sregistry.web.library;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sregistry.web.api.Envelope;

/** The search's JSON put together from each hit's JSON is byte for byte what JSON-B writes for the whole. */
class SearchBodyTest {

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final Instant T = Instant.parse("2026-12-03T10:15:30.123456Z");

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    private static byte[] json(Object value) {
        return JSONB.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    private static EntityJson entity(String id) {
        return new EntityJson(id, "name-" + id, "a \"quoted\" description", List.of("c1", "c2"), 42, 0, false, false, T, "");
    }

    private static CollectionJson collection(String id) {
        return new CollectionJson(id, "tools", "", "e1", "alice", List.of("ct1"), true, false, T, T.plusSeconds(1), "");
    }

    private static ContainerJson container(String id) {
        Map<String, Map<String, String>> archTags = new TreeMap<>(Map.of("amd64", new TreeMap<>(Map.of("latest", "i1", "v1", "i2")),
                "arm64", Map.of("latest", "i3")));
        return new ContainerJson(id, "box", "ünïcode ✓", "", "c1", "tools", "e1", "alice", List.of("i1", "i2", "i3"),
                new TreeMap<>(Map.of("latest", "i1", "v1", "i2")), archTags, 1234, 7, 0, false, false, false, T, T, "");
    }

    private static ImageJson image(String id, SifJson sif) {
        return new ImageJson(id, "sha256.abc", true, "", "ct1", "box", "c1", "tools", "e1", "alice", 40960, "amd64", true,
                List.of("FP1"), false, List.of("latest"), "", 0, 7, 3, "sha256.abc", false, T, T, "", sif,
                new ImageJson.SignatureJson("INVALID", "bad <sig> & more"));
    }

    @Test
    void equalsJsonbForHitsOfEveryKind() throws Exception {
        SifJson sif = new SifJson("01", "uuid", "amd64", "Bootstrap: docker\nFrom: alpine", "", Map.of("k", "v"), List.of(),
                new SifJson.SignaturesJson(0, List.of()), List.of(), List.of());
        SearchJson whole = new SearchJson(List.of(entity("e1")), List.of(collection("c1"), collection("c2")),
                List.of(container("ct1"), container("ct2"), container("ct3")), List.of(image("i1", sif), image("i2", null)));
        byte[] expected = json(Envelope.of(whole));

        JsonBody body = new SearchBody(JSONB).of(whole.entity().stream().map(SearchBodyTest::json).toList(),
                whole.collection().stream().map(SearchBodyTest::json).toList(),
                whole.container().stream().map(SearchBodyTest::json).toList(),
                whole.image().stream().map(SearchBodyTest::json).toList());

        assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        // written part by part, as the filter sends it: the same bytes, and the length it announces
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        body.writeTo(written);
        assertThat(written.toByteArray()).isEqualTo(expected);
        assertThat(body.length()).isEqualTo(expected.length);
    }

    @Test
    void equalsJsonbForNoHits() {
        assertThat(new SearchBody(JSONB).of(List.of(), List.of(), List.of(), List.of()).bytes())
                .isEqualTo(json(Envelope.of(new SearchJson(List.of(), List.of(), List.of(), List.of()))));
    }
}
