package org.sregistry.batch.mirror;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source tokens of import-library runs, held in this node's memory only. The batch runtime
 * stores every job parameter in its job repository (the database), and the admin API shows them in
 * the run's report, so a token never becomes a job parameter: the run gets {@code sourceTokenRef},
 * a random reference to the entry here. A token is dropped when its run completes, or after
 * {@link #KEPT} (so a failed run can be restarted meanwhile); after the node restarts it is gone
 * and a restart must give it again.
 */
@ApplicationScoped
public class SourceTokens {

    static final Duration KEPT = Duration.ofDays(7);

    private record Held(String token, Instant until) {}

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** Holds {@code token} and answers the reference a run carries instead. */
    public String hold(String token) {
        Instant now = Instant.now();
        held.values().removeIf(h -> h.until().isBefore(now));
        String ref = UUID.randomUUID().toString();
        held.put(ref, new Held(token, now.plus(KEPT)));
        return ref;
    }

    /** Holds {@code token} under an existing reference again (a restart that brings the token). */
    public void hold(String ref, String token) {
        held.put(ref, new Held(token, Instant.now().plus(KEPT)));
    }

    public Optional<String> token(String ref) {
        Held h = ref == null ? null : held.get(ref);
        return h == null || h.until().isBefore(Instant.now()) ? Optional.empty() : Optional.of(h.token());
    }

    /** The source of a run: its address, with its token when it has one (gone: an error that says what to do). */
    public LibrarySource source(String address, String ref) {
        String token = null;
        if (ref != null && !ref.isBlank()) {
            token = token(ref).orElseThrow(() -> new IllegalStateException("the source token of this run is no longer "
                    + "held (the server restarted, or it was given more than " + KEPT.toDays() + " days ago): restart "
                    + "the execution with {\"sourceToken\":…} in the body, or start the job again"));
        }
        return new LibrarySource(LibrarySource.address(address), token);
    }

    public void drop(String ref) {
        if (ref != null) {
            held.remove(ref);
        }
    }
}
