package org.sregistry.image;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.sregistry.catalog.CatalogListener;
import org.sregistry.registry.Ids;

/**
 * One label of an image, from the labels object of its SIF file (what {@code apptainer inspect}
 * shows): one row per key so images can be searched by label.
 */
@Entity
@EntityListeners(CatalogListener.class)
@NamedQuery(name = ImageLabel.OF_IMAGES, query = "select l.image.id, l from ImageLabel l where l.image.id in :ids order by l.key")
@Table(name = "image_label")
public class ImageLabel {

    /** The labels of several images (parameter {@code ids}): rows of the image's id and the label, in key order. */
    public static final String OF_IMAGES = "ImageLabel.ofImages";

    public static final int KEY_MAX = 255;
    public static final int VALUE_MAX = 1024;

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "image_id")
    private Image image;

    @Column(name = "label_key", nullable = false, length = KEY_MAX)
    private String key;

    @Column(name = "label_value", nullable = false, length = VALUE_MAX)
    private String value;

    protected ImageLabel() {}

    ImageLabel(Image image, String key, String value) {
        this.id = Ids.next();
        this.image = image;
        this.key = key;
        this.value = value.length() <= VALUE_MAX ? value : value.substring(0, VALUE_MAX);
    }

    public String getKey() {
        return key;
    }

    public String getValue() {
        return value;
    }
}
