package org.sregistry.container;

import java.time.Instant;
import java.util.List;

/**
 * A container as a collection's page lists it.
 *
 * @param tags {@code tag (arch)} for every tag, by name
 * @param archs the architectures its images are for
 * @param size the bytes of its uploaded images together
 * @param lastPush when its newest image arrived, null when none has
 * @param downloads how many times its images were pulled
 */
public record ContainerSummary(String name, String description, List<String> tags, List<String> archs, long size,
        Instant lastPush, long downloads) {

    /** The tag a pull command names: latest when there is one (or no tag at all), else the first. */
    public String pullTag() {
        List<String> names = tags.stream().map(t -> t.substring(0, t.indexOf(' '))).toList();
        return names.isEmpty() || names.contains("latest") ? "latest" : names.get(0);
    }

    public String archList() {
        return String.join(", ", archs);
    }
}
