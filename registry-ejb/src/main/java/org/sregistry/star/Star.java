package org.sregistry.star;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.account.Account;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.registry.Ids;

/** One account's star on one collection (at most one per pair). */
@Entity
@Table(name = "collection_star")
@NamedQuery(name = Star.OF, query = "select s from Star s where s.account.id = :account and s.collection = :collection")
@NamedQuery(name = Star.COUNT, query = "select count(s) from Star s where s.collection = :collection")
@NamedQuery(name = Star.BY_ACCOUNT, query = "select s.collection from Star s where s.account.id = :account"
        + " order by s.createdAt desc")
public class Star {

    public static final String OF = "Star.of";
    public static final String COUNT = "Star.count";
    public static final String BY_ACCOUNT = "Star.byAccount";

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "account_id")
    private Account account;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "collection_id")
    private ContainerCollection collection;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Star() {}

    Star(Account account, ContainerCollection collection) {
        this.id = Ids.next();
        this.account = account;
        this.collection = collection;
        this.createdAt = Instant.now();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
