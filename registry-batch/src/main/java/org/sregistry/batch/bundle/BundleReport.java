package org.sregistry.batch.bundle;

import jakarta.batch.runtime.context.StepContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one import-bundle run did (step persistent data, kept across a restart).
 *
 * @param imported images whose bytes came in as a new image (their sum is {@code bytes})
 * @param alreadyPresent images every tag of which already pointed at the same sha256 (nothing read)
 * @param tagged tags written
 * @param skipped the first {@link #LISTED_MAX} skipped images with the reason; {@code skippedImages} counts all
 */
public record BundleReport(int read, int imported, int alreadyPresent, int tagged, long bytes, int skippedImages,
        List<String> skipped) implements Serializable {

    public static final int LISTED_MAX = 100;
    public static final BundleReport NONE = new BundleReport(0, 0, 0, 0, 0, 0, List.of());

    public BundleReport {
        skipped = List.copyOf(skipped);
    }

    static BundleReport of(StepContext step) {
        return step.getPersistentUserData() instanceof BundleReport r ? r : NONE;
    }

    public BundleReport imported(boolean added, long size, int tags) {
        return new BundleReport(read + 1, imported + (added ? 1 : 0), alreadyPresent, tagged + tags,
                bytes + (added ? size : 0), skippedImages, skipped);
    }

    public BundleReport present() {
        return new BundleReport(read + 1, imported, alreadyPresent + 1, tagged, bytes, skippedImages, skipped);
    }

    public BundleReport skipped(String why) {
        List<String> more = new ArrayList<>(skipped);
        if (more.size() < LISTED_MAX) {
            more.add(why);
        }
        return new BundleReport(read + 1, imported, alreadyPresent, tagged, bytes, skippedImages + 1, more);
    }

    public String summary() {
        return "IMPORTED " + imported + " images (" + bytes + " bytes, " + tagged + " tags), " + alreadyPresent
                + " already present, " + skippedImages + " skipped";
    }
}
