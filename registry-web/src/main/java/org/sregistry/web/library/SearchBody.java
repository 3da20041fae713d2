package org.sregistry.web.library;

import jakarta.json.bind.Jsonb;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.sregistry.web.api.Envelope;

/**
 * The JSON of a search ({@code Envelope<SearchJson>}) put together from the JSON of each hit, kept
 * apart ({@link SearchAnswers}): the same bytes as JSON-B writes for the whole, since it writes each
 * element of a list as it writes that element alone. Where each list goes is read once from JSON-B's
 * own writing of an empty result, so the order of the lists is JSON-B's.
 */
final class SearchBody {

    private static final byte[] COMMA = {','};

    /** The four lists, in the order of the parts of {@link #of}. */
    private static final List<String> LISTS = List.of("entity", "collection", "container", "image");

    /** The order JSON-B writes the four lists in, as indexes into {@link #LISTS}. */
    private final int[] order;
    /** What surrounds the lists: before the first, between each two, after the last. */
    private final byte[][] around;

    SearchBody(Jsonb jsonb) {
        String empty = jsonb.toJson(Envelope.of(new SearchJson(List.of(), List.of(), List.of(), List.of())));
        int[] at = LISTS.stream().mapToInt(name -> {
            int i = empty.indexOf("\"" + name + "\":[]");
            if (i < 0) {
                throw new IllegalStateException("JSON-B wrote no empty list " + name + ": " + empty);
            }
            return i + name.length() + 4; // after the list's '['
        }).toArray();
        order = IntStream.range(0, LISTS.size()).boxed().sorted(Comparator.comparingInt(i -> at[i])).mapToInt(i -> i).toArray();
        around = new byte[order.length + 1][];
        int from = 0;
        for (int k = 0; k < order.length; k++) {
            around[k] = empty.substring(from, at[order[k]]).getBytes(StandardCharsets.UTF_8);
            from = at[order[k]];
        }
        around[order.length] = empty.substring(from).getBytes(StandardCharsets.UTF_8);
    }

    /** The search's JSON for these hits, each already JSON, in the order given. */
    JsonBody of(List<byte[]> entities, List<byte[]> collections, List<byte[]> containers, List<byte[]> images) {
        List<List<byte[]>> lists = List.of(entities, collections, containers, images);
        JsonBody.Builder body = new JsonBody.Builder();
        for (int k = 0; k < order.length; k++) {
            body.add(around[k]);
            List<byte[]> list = lists.get(order[k]);
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    body.add(COMMA);
                }
                body.add(list.get(i));
            }
        }
        return body.add(around[order.length]).build();
    }
}
