package org.sregistry.batch.mirror;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one import-library run did (step persistent data, kept across a restart).
 *
 * @param imported images whose bytes came in (their sum is {@code bytes})
 * @param alreadyPresent refs whose target tag already pointed at the same sha256 (nothing downloaded), or
 *     whose bytes the target container had already (only re-tagged)
 * @param skipped the first {@link #LISTED_MAX} skipped refs with the reason; {@code skippedRefs} counts all
 */
public record MirrorReport(int read, int imported, int alreadyPresent, long bytes, int skippedRefs, List<String> skipped)
        implements Serializable {

    public static final int LISTED_MAX = 100;
    public static final MirrorReport NONE = new MirrorReport(0, 0, 0, 0, 0, List.of());

    public MirrorReport {
        skipped = List.copyOf(skipped);
    }

    public MirrorReport imported(long size) {
        return new MirrorReport(read + 1, imported + 1, alreadyPresent, bytes + size, skippedRefs, skipped);
    }

    public MirrorReport present() {
        return new MirrorReport(read + 1, imported, alreadyPresent + 1, bytes, skippedRefs, skipped);
    }

    public MirrorReport skipped(String why) {
        List<String> more = new ArrayList<>(skipped);
        if (more.size() < LISTED_MAX) {
            more.add(why);
        }
        return new MirrorReport(read + 1, imported, alreadyPresent, bytes, skippedRefs + 1, more);
    }

    public String summary() {
        return "MIRRORED " + imported + " images (" + bytes + " bytes), " + alreadyPresent + " already present, " + skippedRefs
                + " skipped";
    }
}
