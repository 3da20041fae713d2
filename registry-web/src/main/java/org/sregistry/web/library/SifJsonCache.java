package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;

/**
 * The {@code "sif"} part of images' JSON, kept on each node under the image's id. What a SIF file
 * says about itself is written once, when the image's bytes arrive, and never changed (an image
 * with other bytes is another image, with another id), so nothing has to forget an entry but the
 * memory limit: an image's JSON then costs the statements that find it and its tags, not the two
 * more for its labels and objects, on every {@code GET v1/images} of a push or a pull.
 *
 * <p>The entries hold at most {@link #CHARS_MAX} characters of text in all (a few MB); an entry
 * that would pass that limit starts the cache afresh, as {@code CallerCache} does, and a single
 * answer larger than {@link #ENTRY_CHARS_MAX} (a long definition file or environment) is made
 * again for every request rather than kept.
 */
@ApplicationScoped
public class SifJsonCache {

    /** The text of all entries together, in characters. */
    static final long CHARS_MAX = 4_000_000;
    /** The largest entry kept, in characters of text. */
    static final long ENTRY_CHARS_MAX = CHARS_MAX / 64;

    private record Entry(SifJson json, long chars) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();

    @Inject
    ImageService images;

    /** The SIF view of an image found in a transaction that has ended, or null before its bytes arrived. */
    public SifJson of(Image image) {
        if (!image.isSifDescribed()) {
            return null;
        }
        Entry known = entries.get(image.getId());
        return known != null ? known.json() : ofAll(List.of(image)).get(image.getId());
    }

    /**
     * The SIF views of several images found in a transaction that has ended (search's hits), by
     * image id (none for an image whose bytes have not arrived): those not kept yet are read
     * together, in two statements for all of them.
     */
    public Map<String, SifJson> ofAll(List<Image> found) {
        Map<String, SifJson> views = new HashMap<>();
        List<Image> missing = new ArrayList<>();
        for (Image image : found) {
            if (!image.isSifDescribed()) {
                continue;
            }
            Entry known = entries.get(image.getId());
            if (known != null) {
                views.put(image.getId(), known.json());
            } else {
                missing.add(image);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, ImageService.SifParts> parts = images.sifPartsOf(missing.stream().map(Image::getId).toList());
            for (Image image : missing) {
                ImageService.SifParts read = parts.get(image.getId());
                SifJson json = SifJson.of(image, read.labels(), read.objects());
                remember(image.getId(), json);
                views.put(image.getId(), json);
            }
        }
        return views;
    }

    void remember(String imageId, SifJson json) {
        long size = charsOf(json);
        if (size > ENTRY_CHARS_MAX) {
            return;
        }
        if (chars.addAndGet(size) > CHARS_MAX) {
            forget();
            chars.addAndGet(size);
        }
        Entry previous = entries.put(imageId, new Entry(json, size));
        if (previous != null) {
            chars.addAndGet(-previous.chars());
        }
    }

    void forget() {
        entries.clear();
        chars.set(0);
    }

    int size() {
        return entries.size();
    }

    long chars() {
        return chars.get();
    }

    /** About the characters an entry holds: its texts, and a fixed allowance for each object's fields. */
    static long charsOf(SifJson json) {
        long n = 64 + length(json.deffile()) + length(json.environment()) + 96L * json.objects().size();
        for (var label : json.labels().entrySet()) {
            n += 16 + label.getKey().length() + length(label.getValue());
        }
        return n;
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }
}
