package org.sregistry.sif;

import java.time.Instant;

/**
 * The SIF global header (128 bytes, little-endian, at offset 0): the launch script, the magic and
 * version, the primary architecture, the image UUID, times, and where the descriptor table and the
 * data section lie.
 *
 * @param primaryArch Go architecture name of the primary partition ("amd64"), or null when the
 *     header says "00" (no primary partition) or a code this registry does not know
 */
public record SifHeader(String version, String primaryArch, String uuid, Instant createdAt, Instant modifiedAt,
        long descriptorsFree, long descriptorsTotal, long descriptorsOffset, long descriptorsSize, long dataOffset,
        long dataSize) {

    /** Size of the global header on disk. */
    public static final int SIZE = 32 + 10 + 3 + 3 + 16 + 8 * 8;
}
