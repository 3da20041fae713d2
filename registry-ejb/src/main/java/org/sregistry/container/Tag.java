package org.sregistry.container;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.catalog.CatalogListener;
import org.sregistry.image.Image;
import org.sregistry.registry.Ids;
import org.sregistry.registry.Names;

/** A name for one image of a container, per architecture. Frozen tags are read-only for pushes. */
@Entity
@EntityListeners(CatalogListener.class)
@Table(name = "tag")
@NamedQuery(name = Tag.NAMES_OF_IMAGE, query = "select distinct t.name from Tag t where t.image.id = :id order by t.name")
@NamedQuery(name = Tag.BY_PATH, query = "select t from Tag t join t.container ct join ct.collection c join c.namespace n"
        + " where n.name = :entity and c.name = :collection and ct.name = :container and t.name = :tag order by t.arch",
        // EclipseLink's join fetch of a path: the image, its container, collection and namespace in the same statement
        hints = @QueryHint(name = "eclipselink.join-fetch", value = "t.image.container.collection.namespace"))
public class Tag {

    /** The names of an image's tags (parameter {@code id}), each once (a name may tag it for several architectures). */
    public static final String NAMES_OF_IMAGE = "Tag.namesOfImage";
    /** The tags of one name, on every architecture, of the container at a path; with image, container, collection and namespace. */
    public static final String BY_PATH = "Tag.byPath";

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "container_id")
    private Container container;

    @Column(nullable = false, length = Names.TAG_MAX)
    private String name;

    @Column(nullable = false, length = 32)
    private String arch;

    @ManyToOne(optional = false)
    @JoinColumn(name = "image_id")
    private Image image;

    @Column(nullable = false)
    private boolean frozen;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Tag() {}

    Tag(Container container, String name, String arch, Image image) {
        this.id = Ids.next();
        this.container = container;
        this.name = name;
        this.arch = arch;
        this.image = image;
        this.updatedAt = Instant.now();
    }

    void moveTo(Image image) {
        this.image = image;
        this.updatedAt = Instant.now();
    }

    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    public String getId() {
        return id;
    }

    public Container getContainer() {
        return container;
    }

    public String getName() {
        return name;
    }

    public String getArch() {
        return arch;
    }

    public Image getImage() {
        return image;
    }

    public boolean isFrozen() {
        return frozen;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
