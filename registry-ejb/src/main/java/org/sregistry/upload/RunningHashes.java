package org.sregistry.upload;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobStore;

/**
 * Whole-file sha256 of multipart uploads, computed while parts arrive in order, so completing a
 * large upload needs no second pass over its bytes. The state is held by the node that received the
 * parts; when parts come out of order, or to another node, completion hashes the file in one pass.
 */
@ApplicationScoped
public class RunningHashes {

    private static final class State {
        final MessageDigest sha = BlobStore.sha256();
        int next = 1;
        boolean busy;
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** The digest to feed part {@code number} into, if it is the next part in order; else null. */
    MessageDigest claim(String sessionId, int number) {
        State state = number == 1 ? states.computeIfAbsent(sessionId, id -> new State()) : states.get(sessionId);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            if (state.busy || state.next != number) {
                // out of order, or a part sent again (maybe with other bytes than the hash has seen):
                // the running hash no longer describes the file, so completion hashes the file itself
                states.remove(sessionId);
                return null;
            }
            state.busy = true;
            return state.sha;
        }
    }

    /** The claimed part arrived and verified. */
    void advanced(String sessionId, int number) {
        State state = states.get(sessionId);
        if (state != null) {
            synchronized (state) {
                state.busy = false;
                state.next = number + 1;
            }
        }
    }

    /** The running hash can no longer be trusted (a part failed or differed). */
    void broken(String sessionId) {
        states.remove(sessionId);
    }

    /** The whole-file digest if every one of {@code totalParts} went through this node in order. */
    Optional<Digest> finish(String sessionId, int totalParts) {
        State state = states.remove(sessionId);
        if (state == null || state.busy || state.next != totalParts + 1) {
            return Optional.empty();
        }
        return Optional.of(Digest.of(state.sha.digest()));
    }
}
