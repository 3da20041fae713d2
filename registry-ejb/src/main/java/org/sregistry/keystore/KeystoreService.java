package org.sregistry.keystore;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;
import org.sregistry.signature.SignatureService;

/**
 * Publishes, finds and revokes the keystore's public keys. Reads are anonymous; who may add is the
 * setting {@code registry.keystore.add}: {@code authenticated} (a read-write token) or {@code anyone}.
 */
@Stateless
public class KeystoreService {

    private static final System.Logger LOG = System.getLogger(KeystoreService.class.getName());

    /** Who may publish keys. */
    public enum AddPolicy {
        AUTHENTICATED, ANYONE;

        static AddPolicy of(String setting) {
            try {
                return valueOf(setting.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                // a typo must not open the keystore to everybody: fall back to the strict default
                LOG.log(System.Logger.Level.WARNING, "registry.keystore.add={0} is neither authenticated nor anyone;"
                        + " using authenticated", setting);
                return AUTHENTICATED;
            }
        }
    }

    /** One page of lookup results (sorted by fingerprint) and the offset of the next page, if any. */
    public record KeyPage(List<PublicKey> keys, Optional<Integer> next) {}

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    @Inject
    SignatureService signatures;

    @Inject
    @ConfigProperty(name = "registry.keystore.add", defaultValue = "authenticated")
    String addSetting;

    /**
     * Publishes a key (HKP add), or merges it into the stored key with its fingerprint. A key its owner
     * revoked can be reinstated by re-adding it, by its owner or staff only.
     */
    public PublicKey add(Caller caller, String keytext) {
        if (caller.isAnonymous() && AddPolicy.of(addSetting) == AddPolicy.AUTHENTICATED) {
            throw RegistryException.unauthorized("token required to add keys: send 'Authorization: Bearer <token>'");
        }
        if (!caller.isAnonymous() && !caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
        OpenPgpKey key = OpenPgpKey.parse(keytext);
        Optional<PublicKey> stored = find(key.fingerprint());
        if (stored.isEmpty()) {
            try {
                context.getBusinessObject(KeystoreService.class).insert(key, caller.accountId());
                LOG.log(System.Logger.Level.INFO, "key {0} added by {1}", key.fingerprint(), who(caller));
            } catch (EJBException raced) {
                // a concurrent add of the same key won: merge into that one
                stored = find(key.fingerprint());
                if (stored.isEmpty()) {
                    throw raced;
                }
            }
            if (stored.isEmpty()) {
                signatures.reverifySignedBy(key.fingerprint()); // images pushed before their signer's key
                return find(key.fingerprint()).orElseThrow();
            }
        }
        PublicKey existing = stored.get();
        if (existing.isRevoked()) {
            if (!existing.isManageableBy(caller)) {
                throw RegistryException.conflict("key " + existing.getFingerprint()
                        + " was revoked in this keystore; only its owner can publish it again");
            }
            existing.reinstate();
        }
        existing.update(existing.openPgpKey().merge(key));
        LOG.log(System.Logger.Level.INFO, "key {0} updated by {1}", key.fingerprint(), who(caller));
        signatures.reverifySignedBy(key.fingerprint()); // reinstated, or a new signing subkey
        return existing;
    }

    /** Inserts in a transaction of its own, so a duplicate from a concurrent add fails alone. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insert(OpenPgpKey key, String ownerId) {
        em.persist(new PublicKey(key, ownerId == null ? null : em.find(Account.class, ownerId)));
        em.flush();
    }

    /**
     * The served (not revoked) keys matching {@code term}, {@code size} from {@code offset} in
     * fingerprint order. With {@code exact}, text must be a whole user id or its email address.
     * Nothing found is NOT_FOUND, which HKP clients read as "no matching keys".
     */
    public KeyPage lookup(SearchTerm term, boolean exact, int offset, int size) {
        int wanted = offset + size + 1;
        Map<String, PublicKey> found = new TreeMap<>();
        if (term.hasHex()) {
            TypedQuery<PublicKey> query = switch (term.kind()) {
                case FINGERPRINT -> em.createNamedQuery(PublicKey.SERVED_BY_FINGERPRINT, PublicKey.class)
                        .setParameter("fingerprint", term.hex());
                case KEY_ID -> em.createNamedQuery(PublicKey.SERVED_BY_KEY_ID, PublicKey.class)
                        .setParameter("keyId", term.hex());
                default -> em.createNamedQuery(PublicKey.SERVED_BY_SHORT_KEY_ID, PublicKey.class)
                        .setParameter("pattern", "%" + term.hex());
            };
            query.setMaxResults(wanted).getResultList().forEach(k -> found.put(k.getFingerprint(), k));
        }
        if (term.hasText()) {
            String text = term.text().toLowerCase(Locale.ROOT);
            List<TypedQuery<PublicKey>> queries = exact
                    ? List.of(em.createNamedQuery(PublicKey.SERVED_BY_USER_ID, PublicKey.class).setParameter("uid", text),
                            em.createNamedQuery(PublicKey.SERVED_BY_TEXT, PublicKey.class)
                                    .setParameter("pattern", Names.containsPattern("<" + text + ">")))
                    : List.of(em.createNamedQuery(PublicKey.SERVED_BY_TEXT, PublicKey.class)
                            .setParameter("pattern", Names.containsPattern(text)));
            queries.forEach(q -> q.setMaxResults(wanted).getResultList().forEach(k -> found.put(k.getFingerprint(), k)));
        }
        List<PublicKey> all = new ArrayList<>(found.values());
        if (offset >= all.size()) {
            throw RegistryException.notFound("no keys match '" + (term.hasText() ? term.text() : "0x" + term.hex()) + "'");
        }
        List<PublicKey> page = all.subList(offset, Math.min(all.size(), offset + size));
        return new KeyPage(List.copyOf(page), all.size() > offset + size ? Optional.of(offset + size) : Optional.empty());
    }

    /** The keys in one armor block, as an HKP get answers. */
    public String armored(List<PublicKey> keys) {
        return OpenPgpKey.armor(keys.stream().map(PublicKey::openPgpKey).toList());
    }

    /** The caller's own keys; every key for staff. */
    public List<PublicKey> list(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required to list keys");
        }
        List<PublicKey> keys = caller.isStaff()
                ? em.createNamedQuery(PublicKey.ALL, PublicKey.class).getResultList()
                : em.createNamedQuery(PublicKey.OF_OWNER, PublicKey.class).setParameter("owner", caller.accountId())
                        .getResultList();
        return keys.stream().sorted(Comparator.comparing(PublicKey::getAddedAt)).toList();
    }

    private static final String MATCHING = " from PublicKey k left join k.owner o where k.fingerprint like :hex"
            + " or lower(o.username) like :pattern"
            + " or k.id in (select k2.id from PublicKey k2 join k2.userIds u where lower(u.uid) like :pattern)";

    /** How many keys match {@code filter} (staff only): part of a fingerprint, a user id, or the owner's username. */
    public long count(Caller caller, String filter) {
        requireStaffReader(caller);
        return blank(filter) ? em.createQuery("select count(k) from PublicKey k", Long.class).getSingleResult()
                : matching(em.createQuery("select count(k)" + MATCHING, Long.class), filter).getSingleResult();
    }

    /** One page of the keys matching {@code filter} (staff only), newest first, revoked ones included. */
    public List<PublicKey> list(Caller caller, String filter, int offset, int limit) {
        requireStaffReader(caller);
        String order = " order by k.addedAt desc, k.fingerprint";
        return (blank(filter) ? em.createQuery("select k from PublicKey k" + order, PublicKey.class)
                : matching(em.createQuery("select k" + MATCHING + order, PublicKey.class), filter)).setFirstResult(Math.max(0, offset)).setMaxResults(Math.max(1, Math.min(limit, 500)))
                .getResultList();
    }

    private static boolean blank(String filter) {
        return filter == null || filter.isBlank();
    }

    private static <T> TypedQuery<T> matching(TypedQuery<T> query, String filter) {
        String f = filter.strip().toLowerCase(Locale.ROOT);
        String hex = f.replace(" ", "").toUpperCase(Locale.ROOT);
        hex = hex.startsWith("0X") ? hex.substring(2) : hex;
        return query.setParameter("hex", "%" + hex.replace("%", "").replace("_", "") + "%")
                .setParameter("pattern", "%" + f.replace("%", "").replace("_", "") + "%");
    }

    private static void requireStaffReader(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        if (!caller.isStaff()) {
            throw RegistryException.forbidden(caller.username() + " is not an administrator");
        }
    }

    /** Withdraws a key from the lookups (its owner or staff, with a read-write token). Revoking twice is fine. */
    public PublicKey revoke(Caller caller, String fingerprint) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required to revoke keys");
        }
        String fp = normaliseFingerprint(fingerprint);
        PublicKey key = find(fp).orElseThrow(() -> RegistryException.notFound("key " + fp + " not found"));
        if (!key.isManageableBy(caller)) {
            throw RegistryException.forbidden(caller.username() + " may not revoke key " + fp + " (not its owner)");
        }
        if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
        key.revoke();
        LOG.log(System.Logger.Level.INFO, "key {0} revoked by {1}", fp, caller.username());
        signatures.reverifySignedBy(fp); // their signer is no longer trusted
        return key;
    }

    private Optional<PublicKey> find(String fingerprint) {
        return em.createNamedQuery(PublicKey.BY_FINGERPRINT, PublicKey.class).setParameter("fingerprint", fingerprint)
                .getResultStream().findFirst();
    }

    /** A fingerprint as users write it: any case, optional {@code 0x}, spaces between groups. */
    static String normaliseFingerprint(String fingerprint) {
        String fp = fingerprint == null ? "" : fingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
        fp = fp.startsWith("0X") ? fp.substring(2) : fp;
        if (!fp.matches("[0-9A-F]{40}")) {
            throw RegistryException.invalid("'" + fingerprint + "' is not a key fingerprint (40 hex digits)");
        }
        return fp;
    }

    private static String who(Caller caller) {
        return caller.isAnonymous() ? "anonymous" : caller.username();
    }
}
