package org.sregistry.batch.imports;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one import-directory run did (step persistent data, kept across a restart).
 *
 * @param skipped the first {@link #LISTED_MAX} skipped files with the reason; {@code skippedFiles} counts all
 */
public record ImportReport(int added, int retagged, int skippedFiles, List<String> skipped) implements Serializable {

    public static final int LISTED_MAX = 100;
    public static final ImportReport NONE = new ImportReport(0, 0, 0, List.of());

    public ImportReport {
        skipped = List.copyOf(skipped);
    }

    public ImportReport imported(boolean added) {
        return new ImportReport(this.added + (added ? 1 : 0), retagged + (added ? 0 : 1), skippedFiles, skipped);
    }

    public ImportReport skipped(String why) {
        List<String> more = new ArrayList<>(skipped);
        if (more.size() < LISTED_MAX) {
            more.add(why);
        }
        return new ImportReport(added, retagged, skippedFiles + 1, more);
    }

    public String summary() {
        return "IMPORTED " + added + " images, " + retagged + " already there (re-tagged), " + skippedFiles + " files skipped";
    }
}
