package org.sregistry.web.library;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sregistry.image.Image;
import org.sregistry.image.ImageLabel;
import org.sregistry.image.SifObject;

/**
 * What an image's SIF file says about itself, read when its bytes arrived: the {@code "sif"} field
 * of an image. The CLI ignores fields it does not know, so this rides along in the same JSON.
 *
 * @param primaryArch the architecture of the primary partition (the image's {@code arch})
 * @param objects every used descriptor, in id order
 */
public record SifJson(String version, String id, String primaryArch, String deffile, String environment,
        Map<String, String> labels, List<PartitionJson> partitions, SignaturesJson signatures, List<SbomJson> sboms,
        List<ObjectJson> objects) {

    public record PartitionJson(long id, String name, String type, String fs, String arch, long size) {}

    /** The signature objects as stored; whether they verify is not checked here. */
    public record SignaturesJson(int count, List<SignatureJson> objects) {}

    public record SignatureJson(long id, String hashType, String fingerprint, long linkedId, boolean linksGroup) {}

    public record SbomJson(long id, String format, long size) {}

    public record ObjectJson(long id, String type, String name, long size, int groupId, int linkedId) {}

    /** The SIF view of a described image, from its labels and objects as read ({@code ImageService.sifPartsOf}). */
    public static SifJson of(Image image, List<ImageLabel> imageLabels, List<SifObject> objects) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (ImageLabel l : imageLabels) {
            labels.put(l.getKey(), l.getValue());
        }
        List<SignatureJson> signatures = objects.stream().filter(SifObject::isSignature)
                .map(o -> new SignatureJson(o.getDescriptorId(), o.getHashType(), o.getFingerprint(), o.getLinkedId(),
                        o.isLinksGroup()))
                .toList();
        return new SifJson(image.getSifVersion(), image.getSifUuid(), image.getSifArch(), image.getDeffile(),
                image.getEnvironment(), Collections.unmodifiableMap(labels),
                objects.stream().filter(SifObject::isPartition).map(o -> new PartitionJson(o.getDescriptorId(),
                        o.getName(), o.getPartType(), o.getFsType(), o.getArch(), o.getSize())).toList(),
                new SignaturesJson(signatures.size(), signatures),
                objects.stream().filter(SifObject::isSbom)
                        .map(o -> new SbomJson(o.getDescriptorId(), o.getSbomFormat(), o.getSize())).toList(),
                objects.stream().map(o -> new ObjectJson(o.getDescriptorId(), o.getTypeName(), o.getName(), o.getSize(),
                        o.getGroupId(), o.getLinkedId())).toList());
    }
}
