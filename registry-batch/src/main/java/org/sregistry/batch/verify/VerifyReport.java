package org.sregistry.batch.verify;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The damaged blobs one storage-verify run found (step persistent data, kept across a restart). */
public record VerifyReport(int checked, List<String> damaged) implements Serializable {

    public static final int LISTED_MAX = 100;
    public static final VerifyReport NONE = new VerifyReport(0, List.of());

    public VerifyReport {
        damaged = List.copyOf(damaged);
    }

    public VerifyReport with(List<Verdict> verdicts) {
        List<String> more = new ArrayList<>(damaged);
        verdicts.stream().filter(Verdict::damaged).map(v -> v.digest().hex() + ": " + v.problem())
                .limit(Math.max(0, LISTED_MAX - more.size())).forEach(more::add);
        return new VerifyReport(checked + verdicts.size(), more);
    }

    public String summary() {
        return "VERIFIED " + checked + " blobs, " + damaged.size() + " damaged";
    }
}
