package org.sregistry.collection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.sregistry.account.Account;
import org.sregistry.registry.Ids;

/** An account's role on a collection: owners manage it and push; contributors see it when private. */
@Entity
@Table(name = "collection_member")
public class CollectionMember {

    public enum Role { OWNER, CONTRIBUTOR }

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "collection_id")
    private ContainerCollection collection;

    @ManyToOne(optional = false)
    @JoinColumn(name = "account_id")
    private Account account;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    protected CollectionMember() {}

    CollectionMember(ContainerCollection collection, Account account, Role role) {
        this.id = Ids.next();
        this.collection = collection;
        this.account = account;
        this.role = role;
    }

    public Account getAccount() {
        return account;
    }

    public Role getRole() {
        return role;
    }
}
