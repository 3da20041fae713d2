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
import org.sregistry.sif.SifDescriptor;

/**
 * One data object of an uploaded image's SIF file, as its descriptor describes it: kept so the
 * API can tell what an image holds (partitions, signatures, SBOMs, ...) without reading its bytes
 * again. Type-specific columns are null for the other types.
 */
@Entity
@EntityListeners(CatalogListener.class)
@NamedQuery(name = SifObject.OF_IMAGES,
        query = "select o.image.id, o from SifObject o where o.image.id in :ids order by o.descriptorId")
@Table(name = "sif_object")
public class SifObject {

    /** The objects of several images (parameter {@code ids}): rows of the image's id and the object, by descriptor id. */
    public static final String OF_IMAGES = "SifObject.ofImages";

    public static final int NAME_MAX = 128;

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "image_id")
    private Image image;

    @Column(name = "descriptor_id", nullable = false)
    private long descriptorId;

    @Column(name = "group_id", nullable = false)
    private int groupId;

    @Column(name = "linked_id", nullable = false)
    private int linkedId;

    @Column(name = "links_group", nullable = false)
    private boolean linksGroup;

    @Column(name = "data_type", nullable = false)
    private int dataType;

    @Column(name = "type_name", nullable = false, length = 32)
    private String typeName;

    @Column(name = "object_name", length = NAME_MAX)
    private String name;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(name = "part_type", length = 32)
    private String partType;

    @Column(name = "fs_type", length = 32)
    private String fsType;

    @Column(length = 32)
    private String arch;

    @Column(name = "hash_type", length = 32)
    private String hashType;

    @Column(length = 64)
    private String fingerprint;

    @Column(name = "sbom_format", length = 32)
    private String sbomFormat;

    protected SifObject() {}

    SifObject(Image image, SifDescriptor d) {
        this.id = Ids.next();
        this.image = image;
        this.descriptorId = Integer.toUnsignedLong(d.id());
        this.groupId = d.groupId();
        this.linkedId = d.linkedId();
        this.linksGroup = d.linksGroup();
        this.dataType = d.dataType();
        this.typeName = d.typeName();
        this.name = d.name().length() <= NAME_MAX ? d.name() : d.name().substring(0, NAME_MAX);
        this.size = d.size();
        if (d.partition() != null) {
            this.partType = d.partition().type();
            this.fsType = d.partition().fs();
            this.arch = d.partition().arch();
        }
        if (d.signature() != null) {
            this.hashType = d.signature().hashType();
            this.fingerprint = d.signature().fingerprint();
        }
        this.sbomFormat = d.sbomFormat();
    }

    public boolean isPartition() {
        return dataType == SifDescriptor.PARTITION;
    }

    public boolean isSignature() {
        return dataType == SifDescriptor.SIGNATURE;
    }

    public boolean isSbom() {
        return dataType == SifDescriptor.SBOM;
    }

    public long getDescriptorId() {
        return descriptorId;
    }

    public int getGroupId() {
        return groupId;
    }

    public int getLinkedId() {
        return linkedId;
    }

    public boolean isLinksGroup() {
        return linksGroup;
    }

    public int getDataType() {
        return dataType;
    }

    public String getTypeName() {
        return typeName;
    }

    public String getName() {
        return name;
    }

    public long getSize() {
        return size;
    }

    public String getPartType() {
        return partType;
    }

    public String getFsType() {
        return fsType;
    }

    public String getArch() {
        return arch;
    }

    public String getHashType() {
        return hashType;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getSbomFormat() {
        return sbomFormat;
    }
}
