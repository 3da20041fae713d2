package org.sregistry.download;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.image.Image;
import org.sregistry.registry.RegistryException;

/**
 * Counts pulls and enforces weekly pull limits. Every counter moves by one SQL
 * {@code UPDATE ... SET n = n + 1} (never read-modify-write), so concurrent pulls are all counted;
 * the limit check is part of the same statement ({@code WHERE} the week's count is below the
 * limit), so two pulls racing for the last allowed one cannot both get it. A refused pull rolls
 * back, so it counts nowhere.
 */
@Stateless
public class DownloadService {

    /** Largest weekly limit accepted. */
    public static final long LIMIT_MAX = 1_000_000_000L;

    // MariaDB evaluates SET assignments left to right with the new values: week_pulls must be
    // computed before pulls_week moves to this week. H2 (and standard SQL) use the old values: same result.
    private static final String BUMP = "UPDATE %s SET download_count = download_count + 1,"
            + " week_pulls = CASE WHEN pulls_week = ?1 THEN week_pulls + 1 ELSE 1 END,"
            + " pulls_week = ?1 WHERE id = ?2";
    private static final String UNDER_LIMIT = " AND (pull_limit IS NULL"
            + " OR (CASE WHEN pulls_week = ?1 THEN week_pulls ELSE 0 END) < pull_limit)";

    /** The longest history one request reads. */
    public static final int HISTORY_MAX_DAYS = 366;

    /** One row per container and day; MariaDB's upsert, which H2 understands in MariaDB mode. */
    static final String COUNT_DAY = "INSERT INTO download_day (container_id, pull_day, pulls) VALUES (?1, ?2, 1)"
            + " ON DUPLICATE KEY UPDATE pulls = pulls + 1";

    @PersistenceContext
    EntityManager em;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    AuditService audit;

    /** What the admin API shows of a container's or collection's pulls. */
    public record Usage(String path, Long pullLimit, long weekPulls, long downloadCount, Instant weekStart,
            Instant resetsAt) {}

    /**
     * Counts one pull of {@code image} for its image, container and collection, or refuses it with
     * {@link PullLimitExceeded} when the container's or the collection's weekly limit is used up.
     * The collection's owners and staff are counted but never refused: a limit protects a
     * collection from its audience, it does not lock out the people who run it.
     */
    public void count(Caller caller, Image image) {
        Instant now = Instant.now();
        PullWeek week = PullWeek.of(now);
        Container container = image.getContainer();
        ContainerCollection collection = container.getCollection();
        boolean limited = !Permissions.canManage(caller, collection);
        if (bump("container", container.getId(), week, limited) == 0) {
            throw new PullLimitExceeded("container " + container.path(), limitOf("container", container.getId()),
                    week, now);
        }
        if (bump("collection", collection.getId(), week, limited) == 0) {
            throw new PullLimitExceeded("collection " + collection.getNamespace().getName() + "/"
                    + collection.getName(), limitOf("collection", collection.getId()), week, now);
        }
        em.createNativeQuery("UPDATE image SET download_count = download_count + 1 WHERE id = ?1")
                .setParameter(1, image.getId()).executeUpdate();
        em.createNativeQuery(COUNT_DAY).setParameter(1, container.getId())
                .setParameter(2, Date.valueOf(LocalDate.ofInstant(now, ZoneOffset.UTC))).executeUpdate();
    }

    /** Pulls of a container per day (UTC) over the last {@code days} days, oldest first, days without pulls as 0. */
    public List<DayPulls> history(Caller caller, String entity, String collection, String container, int days) {
        Container c = containers.get(caller, entity, collection, container);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(Math.max(1, Math.min(days, HISTORY_MAX_DAYS)) - 1L);
        Map<LocalDate, Long> counted = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT pull_day, pulls FROM download_day WHERE container_id = ?1"
                + " AND pull_day >= ?2").setParameter(1, c.getId()).setParameter(2, Date.valueOf(first)).getResultList()) {
            Object[] r = (Object[]) row;
            counted.put(toLocalDate(r[0]), ((Number) r[1]).longValue());
        }
        List<DayPulls> history = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            history.add(new DayPulls(day, counted.getOrDefault(day, 0L)));
        }
        return history;
    }

    private static LocalDate toLocalDate(Object value) {
        return value instanceof Date d ? d.toLocalDate() : value instanceof LocalDate l ? l : LocalDate.parse(value.toString());
    }

    /** A day's pulls of a container. */
    public record DayPulls(LocalDate day, long pulls) {}

    private int bump(String table, String id, PullWeek week, boolean limited) {
        return em.createNativeQuery(bumpSql(table, limited))
                .setParameter(1, Date.valueOf(week.start())).setParameter(2, id).executeUpdate();
    }

    /**
     * The statement that counts one pull in {@code table} (container or collection) for row
     * {@code ?2} in the week starting {@code ?1}; {@code limited}: only while under the weekly limit.
     */
    static String bumpSql(String table, boolean limited) {
        return String.format(BUMP, table) + (limited ? UNDER_LIMIT : "");
    }

    private long limitOf(String table, String id) {
        Object limit = em.createNativeQuery("SELECT pull_limit FROM " + table + " WHERE id = ?1")
                .setParameter(1, id).getSingleResult();
        return limit == null ? 0 : ((Number) limit).longValue();
    }

    /**
     * Starts a new week for every counter: the week's pulls go back to 0 (all-time counts stay).
     * Answers how many containers and collections had pulls counted.
     */
    public int[] resetWeek() {
        Date week = Date.valueOf(PullWeek.of(Instant.now()).start());
        int[] reset = new int[2];
        reset[0] = em.createNativeQuery("UPDATE container SET week_pulls = 0, pulls_week = ?1 WHERE week_pulls <> 0")
                .setParameter(1, week).executeUpdate();
        reset[1] = em.createNativeQuery("UPDATE collection SET week_pulls = 0, pulls_week = ?1 WHERE week_pulls <> 0")
                .setParameter(1, week).executeUpdate();
        return reset;
    }

    public Usage usage(Caller caller, String entity, String collection) {
        return usage(collections.get(caller, entity, collection));
    }

    public Usage usage(Caller caller, String entity, String collection, String container) {
        return usage(containers.get(caller, entity, collection, container));
    }

    /** Owners and staff set (or, with null, remove) a collection's weekly pull limit. */
    public Usage limit(Caller caller, String entity, String name, Long limit) {
        ContainerCollection collection = collections.get(caller, entity, name);
        Permissions.requireManage(caller, collection);
        collection.setPullLimit(check(limit));
        audit.record(caller, AuditEvent.Action.SETTING, entity + "/" + name, describe(limit));
        return usage(collection);
    }

    /** Owners and staff of its collection set (or, with null, remove) a container's weekly pull limit. */
    public Usage limit(Caller caller, String entity, String collection, String name, Long limit) {
        Container container = containers.get(caller, entity, collection, name);
        Permissions.requireManage(caller, container.getCollection());
        container.setPullLimit(check(limit));
        audit.record(caller, AuditEvent.Action.SETTING, container.path(), describe(limit));
        return usage(container);
    }

    private static Long check(Long limit) {
        if (limit != null && (limit < 0 || limit > LIMIT_MAX)) {
            throw RegistryException.invalid("pullLimit must be between 0 and " + LIMIT_MAX + ", or null for no limit");
        }
        return limit;
    }

    private static String describe(Long limit) {
        return limit == null ? "weekly pull limit removed" : "weekly pull limit " + limit;
    }

    private static Usage usage(ContainerCollection c) {
        PullWeek week = PullWeek.of(Instant.now());
        return new Usage(c.getNamespace().getName() + "/" + c.getName(), c.getPullLimit(), c.pullsIn(week.start()),
                c.getDownloadCount(), week.begins(), week.ends());
    }

    private static Usage usage(Container c) {
        PullWeek week = PullWeek.of(Instant.now());
        return new Usage(c.path(), c.getPullLimit(), c.pullsIn(week.start()), c.getDownloadCount(), week.begins(),
                week.ends());
    }
}
