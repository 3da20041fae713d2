package org.sregistry.container;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sregistry.catalog.CatalogListener;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.image.Image;
import org.sregistry.registry.Ids;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;
import org.sregistry.registry.SearchKeys;

/**
 * A container: a named series of images inside a collection, addressed by tags. A tag names one
 * image per architecture; re-tagging moves it, and a frozen tag cannot be moved or removed by a push.
 */
@Entity
@EntityListeners(CatalogListener.class)
@Table(name = "container")
@NamedQuery(name = Container.BY_NAME,
        query = "select c from Container c where c.collection = :collection and c.name = :name")
@NamedQuery(name = Container.IN_COLLECTION,
        query = "select c from Container c where c.collection = :collection order by c.name")
public class Container {

    public static final String BY_NAME = "Container.byName";
    public static final String IN_COLLECTION = "Container.inCollection";
    public static final int DESCRIPTION_MAX = 1024;

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "collection_id")
    private ContainerCollection collection;

    @Column(nullable = false, length = Names.NAME_MAX)
    private String name;

    @Column(length = DESCRIPTION_MAX)
    private String description;

    @Column(name = "full_description", length = 8192)
    private String fullDescription;

    @Column(name = "download_count", nullable = false)
    private long downloadCount;

    /** Pulls in the week starting on {@link #pullsWeek}; counted by {@code DownloadService} in SQL, never here. */
    @Column(name = "week_pulls", nullable = false)
    private long weekPulls;

    @Column(name = "pulls_week")
    private LocalDate pullsWeek;

    /** Pulls allowed per week; null: no limit. */
    @Column(name = "pull_limit")
    private Long pullLimit;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @OneToMany(mappedBy = "container", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<Tag> tags = new ArrayList<>();

    /** The search index's keys of the name and description ({@link SearchKeys}): kept here, read by search's SQL. */
    @ElementCollection
    @CollectionTable(name = "container_search_key", joinColumns = @JoinColumn(name = "container_id"))
    @Column(name = "search_key", nullable = false, length = SearchKeys.COLUMN_LENGTH)
    private Set<String> searchKeys = new HashSet<>();

    protected Container() {}

    public Container(ContainerCollection collection, String name) {
        this.id = Ids.next();
        this.collection = collection;
        this.name = Names.requireName("container", name);
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
        searchKeys.addAll(SearchKeys.of(this.name));
    }

    /**
     * Points {@code tag} for {@code arch} at {@code image}, moving it if it pointed elsewhere.
     * Re-tagging the same image is a no-op, even on a frozen tag.
     */
    public Tag tag(String tagName, String arch, Image image) {
        Names.requireTag(tagName);
        Names.requireArch(arch);
        if (!image.getContainer().getId().equals(id)) {
            throw RegistryException.invalid("image " + image.getId() + " does not belong to container " + name);
        }
        Optional<Tag> existing = findTag(tagName, arch);
        if (existing.isPresent()) {
            Tag tag = existing.get();
            if (tag.getImage().getId().equals(image.getId())) {
                return tag;
            }
            if (tag.isFrozen()) {
                throw RegistryException.conflict("tag '" + tagName + "' (" + arch + ") of " + path()
                        + " is frozen and cannot be overwritten");
            }
            tag.moveTo(image);
            updatedAt = Instant.now();
            return tag;
        }
        Tag tag = new Tag(this, tagName, arch, image);
        tags.add(tag);
        updatedAt = Instant.now();
        return tag;
    }

    /** Removes every tag pointing at {@code image}; refuses when one of them is frozen. */
    public void untagAll(Image image) {
        for (Tag t : tags) {
            if (t.getImage().getId().equals(image.getId()) && t.isFrozen()) {
                throw RegistryException.conflict("tag '" + t.getName() + "' of " + path() + " is frozen");
            }
        }
        tags.removeIf(t -> t.getImage().getId().equals(image.getId()));
        updatedAt = Instant.now();
    }

    /** Removes one tag (the image stays); refuses a frozen tag. */
    public void untag(String tagName, String arch) {
        Tag tag = findTag(tagName, arch).orElseThrow(() -> RegistryException.notFound(
                "tag " + tagName + " (" + arch + ") not found in " + path()));
        if (tag.isFrozen()) {
            throw RegistryException.conflict("tag '" + tagName + "' (" + arch + ") of " + path() + " is frozen");
        }
        tags.remove(tag);
        updatedAt = Instant.now();
    }

    /** Removes every tag, frozen ones too: only for deleting the whole collection, which its owner confirmed. */
    public void untagEverything() {
        tags.clear();
        updatedAt = Instant.now();
    }

    public Optional<Tag> findTag(String tagName, String arch) {
        return tags.stream().filter(t -> t.getName().equals(tagName) && t.getArch().equals(arch)).findFirst();
    }

    /** The tag named {@code tagName} for {@code arch}; with no arch, the only one, or amd64's. */
    public Optional<Tag> resolve(String tagName, String arch) {
        if (arch != null && !arch.isEmpty()) {
            return findTag(tagName, arch);
        }
        List<Tag> named = tags.stream().filter(t -> t.getName().equals(tagName)).toList();
        if (named.size() == 1) {
            return Optional.of(named.get(0));
        }
        return named.stream().filter(t -> t.getArch().equals("amd64")).findFirst();
    }

    public String path() {
        return collection.getNamespace().getName() + "/" + collection.getName() + "/" + name;
    }

    public String getId() {
        return id;
    }

    public ContainerCollection getCollection() {
        return collection;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = Names.clip(description, DESCRIPTION_MAX);
        SearchKeys.replace(searchKeys, SearchKeys.of(name, this.description));
    }

    public String getFullDescription() {
        return fullDescription;
    }

    public long getDownloadCount() {
        return downloadCount;
    }

    /** Pulls counted in {@code week} (0 when the counter still holds an earlier week's). */
    public long pullsIn(LocalDate week) {
        return week.equals(pullsWeek) ? weekPulls : 0;
    }

    public Long getPullLimit() {
        return pullLimit;
    }

    public void setPullLimit(Long pullLimit) {
        this.pullLimit = pullLimit;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public List<Tag> getTags() {
        return List.copyOf(tags);
    }
}
