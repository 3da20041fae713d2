package org.sregistry.registry;

import java.util.function.Supplier;

/**
 * Work that registers an image can lose a race with another one registering the same bytes: two
 * pushes, a push and a console upload, two imports. Each is one idempotent transaction that finds
 * what a rival committed, so the loser tries again rather than failing its client or its job.
 */
public final class Races {

    /** How often {@link #retrying} tries: the first attempt, then twice more to find the rival's rows. */
    public static final int ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(Races.class.getName());

    private Races() {}

    /**
     * {@code attempt}'s answer, asked up to {@link #ATTEMPTS} times while it fails with a system
     * exception (an EJBException, or the transaction's RollbackException as the container throws
     * it); a refusal ({@link RegistryException}) is final at once, and so is the last failure.
     * Each attempt must run in a transaction of its own: call a business method, not a local one.
     */
    public static <T> T retrying(Supplier<T> attempt) {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.get();
            } catch (RegistryException refused) {
                throw refused;
            } catch (RuntimeException raced) {
                if (tried == ATTEMPTS) {
                    throw raced;
                }
                LOG.log(System.Logger.Level.DEBUG, "a concurrent registration won; trying again", raced);
            }
        }
    }
}
