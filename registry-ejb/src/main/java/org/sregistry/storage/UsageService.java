package org.sregistry.storage;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.collection.Permissions;
import org.sregistry.registry.Paging;

/**
 * What the registry holds, for staff: accounts, teams and collections counted, and storage per
 * collection, per entity and in total. "Bytes" are the sizes of the uploaded images; "blobs" are the
 * distinct stored files behind them (equal images share one), so the stored total can be smaller.
 */
@Stateless
public class UsageService {

    @PersistenceContext
    EntityManager em;

    /** The registry at a glance. */
    public record Overview(long users, long serviceAccounts, long inactiveAccounts, long teams, long collections,
            long privateCollections, long containers, long images, long imageBytes, long blobs, long blobBytes) {}

    /** One collection's storage: its uploaded images, their bytes and the distinct blobs behind them. */
    public record CollectionUsage(String entity, String collection, boolean isPrivate, long images, long bytes, long blobs) {
        public String path() {
            return entity + "/" + collection;
        }
    }

    /** One entity's (namespace's) storage and quota (null: unlimited). */
    public record EntityUsage(String entity, String kind, Long quotaBytes, long bytes) {}

    public Overview overview(Caller caller) {
        Permissions.requireStaff(caller);
        Object[] accounts = em.createQuery("select count(a), sum(case when a.service = true then 1 else 0 end),"
                + " sum(case when a.active = false then 1 else 0 end) from Account a", Object[].class).getSingleResult();
        Object[] collections = em.createQuery("select count(c), sum(case when c.privateCollection = true then 1 else 0 end)"
                + " from ContainerCollection c", Object[].class).getSingleResult();
        Object[] images = em.createQuery("select count(i), coalesce(sum(i.size), 0) from Image i where i.uploaded = true",
                Object[].class).getSingleResult();
        Object[] blobs = em.createQuery("select count(b), coalesce(sum(b.size), 0) from Blob b", Object[].class).getSingleResult();
        long all = number(accounts[0]);
        long services = number(accounts[1]);
        return new Overview(all - services, services, number(accounts[2]),
                number(em.createQuery("select count(t) from Team t").getSingleResult()),
                number(collections[0]), number(collections[1]),
                number(em.createQuery("select count(c) from Container c").getSingleResult()),
                number(images[0]), number(images[1]), number(blobs[0]), number(blobs[1]));
    }

    /** Collections whose "entity/name" contains {@code filter}, the largest first. */
    public List<CollectionUsage> collections(Caller caller, String filter, int offset, int limit) {
        Permissions.requireStaff(caller);
        Paging.check(offset, limit);
        // SUM's and COUNT's types differ between databases: read them as any number
        return em.createQuery("select n.name, c.name, c.privateCollection, count(i), coalesce(sum(i.size), 0) as bytes,"
                        + " count(distinct i.digest) from ContainerCollection c join c.namespace n"
                        + " left join Container k on k.collection = c left join Image i on i.container = k and i.uploaded = true"
                        + " where lower(concat(n.name, '/', c.name)) like :pattern"
                        + " group by n.name, c.name, c.privateCollection order by bytes desc, n.name, c.name", Object[].class)
                .setParameter("pattern", Paging.pattern(filter)).setFirstResult(offset).setMaxResults(limit)
                .getResultStream().map(r -> new CollectionUsage((String) r[0], (String) r[1], (Boolean) r[2],
                        number(r[3]), number(r[4]), number(r[5]))).toList();
    }

    public long countCollections(Caller caller, String filter) {
        Permissions.requireStaff(caller);
        return number(em.createNamedQuery(org.sregistry.collection.ContainerCollection.COUNT_MATCHING)
                .setParameter("pattern", Paging.pattern(filter)).getSingleResult());
    }

    /** Entities whose name contains {@code filter} with their usage and quota, the largest first. */
    public List<EntityUsage> entities(Caller caller, String filter, int limit) {
        Permissions.requireStaff(caller);
        Paging.check(0, limit);
        return em.createQuery("select n.name, n.kind, n.quotaBytes, coalesce(sum(i.size), 0) as bytes from Namespace n"
                        + " left join ContainerCollection c on c.namespace = n left join Container k on k.collection = c"
                        + " left join Image i on i.container = k and i.uploaded = true where lower(n.name) like :pattern"
                        + " group by n.name, n.kind, n.quotaBytes order by bytes desc, n.name", Object[].class)
                .setParameter("pattern", Paging.pattern(filter)).setMaxResults(limit).getResultStream()
                .map(r -> new EntityUsage((String) r[0], String.valueOf(r[1]), r[2] == null ? null : number(r[2]),
                        number(r[3]))).toList();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
