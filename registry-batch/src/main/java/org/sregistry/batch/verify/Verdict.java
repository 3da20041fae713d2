package org.sregistry.batch.verify;

import org.sregistry.registry.Digest;

/** The outcome of re-hashing one blob: {@code problem} is null when its bytes match its digest. */
public record Verdict(Digest digest, String problem) {

    public boolean damaged() {
        return problem != null;
    }
}
