package org.sregistry.sif;

/**
 * One used entry of the descriptor table: a data object of the image. The type-specific fields
 * (taken from the descriptor's "extra" bytes) are null for the other types.
 *
 * @param id the object id (1-based, unique in the image)
 * @param groupId the object group without the group mask bit (0: no group)
 * @param linkedId the object or group this one refers to, without the group mask bit (0: none);
 *     a signature links the group or object it signs
 * @param linksGroup whether {@code linkedId} names a group rather than an object
 * @param partition file system, partition type and architecture of a partition object
 * @param signature hash and signing key fingerprint of a signature object
 * @param sbomFormat format of an SBOM object ("spdx-json", ...)
 */
public record SifDescriptor(int dataType, int id, int groupId, int linkedId, boolean linksGroup, long offset,
        long size, String name, Partition partition, Signature signature, String sbomFormat) {

    public static final int DEFFILE = 0x4001;
    public static final int ENV_VARS = 0x4002;
    public static final int LABELS = 0x4003;
    public static final int PARTITION = 0x4004;
    public static final int SIGNATURE = 0x4005;
    public static final int GENERIC_JSON = 0x4006;
    public static final int GENERIC = 0x4007;
    public static final int CRYPTO_MESSAGE = 0x4008;
    public static final int SBOM = 0x4009;
    public static final int OCI_ROOT_INDEX = 0x400a;
    public static final int OCI_BLOB = 0x400b;

    /** Partition type "PrimSys": the partition that holds the operating system the image runs. */
    public static final String PRIMARY_SYSTEM = "primsys";

    /**
     * @param fs "squashfs", "ext3", "archive", "raw", "encrypted-squashfs" or "unknown-N"
     * @param type "system", "primsys", "data", "overlay" or "unknown-N"
     * @param arch Go architecture name, or null when not set or unknown
     */
    public record Partition(String fs, String type, String arch) {

        public boolean isPrimary() {
            return PRIMARY_SYSTEM.equals(type);
        }
    }

    /**
     * @param hashType "sha256", "sha384", "sha512", "blake2s-256", "blake2b-256" or "unknown-N"
     * @param fingerprint upper-case hex of the 20-byte OpenPGP fingerprint of the signing key, or
     *     null when the descriptor carries none
     */
    public record Signature(String hashType, String fingerprint) {}

    /** The short name of the data type, as the API shows it ("deffile", "partition", ...). */
    public String typeName() {
        return typeName(dataType);
    }

    public static String typeName(int dataType) {
        return switch (dataType) {
            case DEFFILE -> "deffile";
            case ENV_VARS -> "envvars";
            case LABELS -> "labels";
            case PARTITION -> "partition";
            case SIGNATURE -> "signature";
            case GENERIC_JSON -> "generic-json";
            case GENERIC -> "generic";
            case CRYPTO_MESSAGE -> "crypto-message";
            case SBOM -> "sbom";
            case OCI_ROOT_INDEX -> "oci-root-index";
            case OCI_BLOB -> "oci-blob";
            default -> "unknown-0x" + Integer.toHexString(dataType);
        };
    }
}
