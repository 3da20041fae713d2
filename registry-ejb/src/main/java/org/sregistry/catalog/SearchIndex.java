package org.sregistry.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.sregistry.account.Caller;

/**
 * What {@code apptainer search} matches, held in memory: the names and lower-cased descriptions of
 * namespaces, collections, containers and uploaded images, the images' label values, and what
 * decides who may see a collection. Built from the whole catalog at once ({@link KeptSearchIndex}
 * builds and replaces it); immutable, so searches read it without locks.
 *
 * <p>It answers exactly what the statements of {@link LibrarySearch} answer: the same texts matched
 * the same way ({@code LIKE '%value%'}: names as they are, descriptions and labels lower-cased,
 * against the lower-cased value), the same rule of who sees what ({@link Visibility}), the same
 * filters and the same order, as ids. Each kind's texts are kept in that order, and every three
 * characters of them point to the texts they occur in, so a value of three characters or more is
 * checked only against the texts holding its rarest three; a shorter one reads the texts in order,
 * and any search stops at its limit.
 */
public final class SearchIndex {

    /** Separates the texts of one hit: no search value holds it (such a value is left to the statements). */
    static final char SEPARATOR = '\0';

    record NamespaceRow(String id, String name, String ownerId, String teamId) {}

    record CollectionRow(String id, String namespaceId, String name, String description, boolean isPrivate) {}

    record MemberRow(String collectionId, String accountId, String teamId) {}

    record ContainerRow(String id, String collectionId, String name, String description) {}

    /** An uploaded image; {@code verdict} and {@code signatureExpiresAt} as {@code Image.isSignedValid()} reads them. */
    record ImageRow(String id, String containerId, String description, String arch, String verdict,
            Instant signatureExpiresAt, Instant createdAt) {}

    record LabelRow(String imageId, String value) {}

    // namespaces, by name
    private final String[] namespaceIds;
    private final Texts namespaces;
    // collections, by name, namespace name, id
    private final String[] collectionIds;
    private final Texts collections;
    private final Seen[] seen;
    // containers, by name, namespace name, collection name, id
    private final String[] containerIds;
    private final int[] containerCollection;
    private final Texts containers;
    // uploaded images, by container name, creation, id
    private final String[] imageIds;
    private final int[] imageCollection;
    private final String[] imageArch;
    private final boolean[] imageVerdictValid;
    private final Instant[] imageSignatureExpiresAt;
    private final Texts images;

    /** Who may see a private collection besides staff: the namespace's owner and team, and its members. */
    private record Seen(boolean isPrivate, String ownerId, String teamId, Set<String> memberAccounts, Set<String> memberTeams) {

        boolean by(Caller caller, String collectionId) {
            if (!isPrivate) {
                return true;
            }
            if (caller.isAnonymous() || !caller.tokenAllows(collectionId)) {
                return false;
            }
            if (caller.isStaff() || caller.accountId().equals(ownerId) || memberAccounts.contains(caller.accountId())) {
                return true;
            }
            Set<String> teams = caller.teams().keySet();
            return teamId != null && teams.contains(teamId) || memberTeams.stream().anyMatch(teams::contains);
        }
    }

    /**
     * The index of these rows. A row whose parent is not among them (read by another statement while
     * the catalog changed: the index is then not current anyway) is left out.
     */
    SearchIndex(List<NamespaceRow> namespaceRows, List<CollectionRow> allCollections, List<MemberRow> memberRows,
            List<ContainerRow> allContainers, List<ImageRow> allImages, List<LabelRow> labelRows) {
        Map<String, NamespaceRow> namespace = new HashMap<>();
        namespaceRows.forEach(n -> namespace.put(n.id(), n));
        List<CollectionRow> collectionRows = allCollections.stream().filter(c -> namespace.containsKey(c.namespaceId())).toList();
        Map<String, CollectionRow> collection = new HashMap<>();
        collectionRows.forEach(c -> collection.put(c.id(), c));
        List<ContainerRow> containerRows = allContainers.stream().filter(c -> collection.containsKey(c.collectionId())).toList();
        Map<String, ContainerRow> container = new HashMap<>();
        containerRows.forEach(c -> container.put(c.id(), c));
        List<ImageRow> imageRows = allImages.stream().filter(i -> container.containsKey(i.containerId())).toList();

        List<NamespaceRow> ns = namespaceRows.stream().sorted(Comparator.comparing(NamespaceRow::name)).toList();
        namespaceIds = ns.stream().map(NamespaceRow::id).toArray(String[]::new);
        namespaces = new Texts(ns.stream().map(NamespaceRow::name).toArray(String[]::new));

        List<CollectionRow> cs = collectionRows.stream().sorted(Comparator.comparing(CollectionRow::name)
                .thenComparing(c -> namespace.get(c.namespaceId()).name()).thenComparing(CollectionRow::id)).toList();
        Map<String, Integer> collectionAt = new HashMap<>();
        collectionIds = new String[cs.size()];
        seen = new Seen[cs.size()];
        Map<String, Set<String>> memberAccounts = new HashMap<>();
        Map<String, Set<String>> memberTeams = new HashMap<>();
        for (MemberRow m : memberRows) {
            if (m.accountId() != null) {
                memberAccounts.computeIfAbsent(m.collectionId(), k -> new HashSet<>()).add(m.accountId());
            }
            if (m.teamId() != null) {
                memberTeams.computeIfAbsent(m.collectionId(), k -> new HashSet<>()).add(m.teamId());
            }
        }
        for (int i = 0; i < cs.size(); i++) {
            CollectionRow c = cs.get(i);
            NamespaceRow n = namespace.get(c.namespaceId());
            collectionIds[i] = c.id();
            collectionAt.put(c.id(), i);
            seen[i] = new Seen(c.isPrivate(), n.ownerId(), n.teamId(), memberAccounts.getOrDefault(c.id(), Set.of()),
                    memberTeams.getOrDefault(c.id(), Set.of()));
        }
        collections = new Texts(cs.stream().map(c -> text(c.name(), c.description())).toArray(String[]::new));

        List<ContainerRow> cts = containerRows.stream().sorted(Comparator.comparing(ContainerRow::name)
                .thenComparing(c -> namespace.get(collection.get(c.collectionId()).namespaceId()).name())
                .thenComparing(c -> collection.get(c.collectionId()).name()).thenComparing(ContainerRow::id)).toList();
        containerIds = cts.stream().map(ContainerRow::id).toArray(String[]::new);
        containerCollection = cts.stream().mapToInt(c -> collectionAt.get(c.collectionId())).toArray();
        String[] containerTexts = cts.stream().map(c -> text(c.name(), c.description())).toArray(String[]::new);
        Map<String, String> containerText = new HashMap<>();
        for (int i = 0; i < containerIds.length; i++) {
            containerText.put(containerIds[i], containerTexts[i]);
        }
        containers = new Texts(containerTexts);

        Map<String, List<String>> labels = new HashMap<>();
        labelRows.forEach(l -> labels.computeIfAbsent(l.imageId(), k -> new ArrayList<>()).add(l.value()));
        List<ImageRow> ims = imageRows.stream().sorted(Comparator.comparing((ImageRow i) -> container.get(i.containerId()).name())
                .thenComparing(ImageRow::createdAt).thenComparing(ImageRow::id)).toList();
        int n = ims.size();
        imageIds = new String[n];
        imageCollection = new int[n];
        imageArch = new String[n];
        imageVerdictValid = new boolean[n];
        imageSignatureExpiresAt = new Instant[n];
        String[] imageTexts = new String[n];
        for (int i = 0; i < n; i++) {
            ImageRow im = ims.get(i);
            imageIds[i] = im.id();
            imageCollection[i] = collectionAt.get(container.get(im.containerId()).collectionId());
            imageArch[i] = im.arch();
            imageVerdictValid[i] = "VALID".equals(im.verdict());
            imageSignatureExpiresAt[i] = im.signatureExpiresAt();
            StringBuilder text = new StringBuilder(containerText.get(im.containerId())).append(SEPARATOR).append(lower(im.description()));
            for (String label : labels.getOrDefault(im.id(), List.of())) {
                text.append(SEPARATOR).append(lower(label));
            }
            imageTexts[i] = text.toString();
        }
        images = new Texts(imageTexts);
    }

    /**
     * Up to {@code max} hits of each kind for {@code value}, as {@link LibrarySearch#search} finds
     * them by its statements: images only of the architectures in {@code archs} (all when empty), and
     * only signed (true) or unsigned (false) ones when {@code signed} is set, signed meaning a valid
     * verdict whose keys have not expired at {@code now}. The value must not hold {@link #SEPARATOR}.
     */
    LibrarySearch.Found find(Caller caller, String value, Set<String> archs, Boolean signed, int max, Instant now) {
        if (value.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a search value with NUL is not matched in memory");
        }
        String needle = value.toLowerCase(Locale.ROOT);
        IntPredicate imageShown = i -> seen[imageCollection[i]].by(caller, collectionIds[imageCollection[i]])
                && (archs.isEmpty() || imageArch[i] != null && archs.contains(imageArch[i]))
                && (signed == null || signed == (imageVerdictValid[i]
                        && (imageSignatureExpiresAt[i] == null || imageSignatureExpiresAt[i].isAfter(now))));
        return new LibrarySearch.Found(
                ids(namespaceIds, namespaces.find(needle, i -> true, max)),
                ids(collectionIds, collections.find(needle, i -> seen[i].by(caller, collectionIds[i]), max)),
                ids(containerIds, containers.find(needle,
                        i -> seen[containerCollection[i]].by(caller, collectionIds[containerCollection[i]]), max)),
                ids(imageIds, images.find(needle, imageShown, max)));
    }

    /** How many characters of text the index holds: about what it takes in memory, twice over with its positions. */
    long characters() {
        return namespaces.characters + collections.characters + containers.characters + images.characters;
    }

    private static String text(String name, String description) {
        return name + SEPARATOR + lower(description);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static List<String> ids(String[] ids, int[] at) {
        List<String> result = new ArrayList<>(at.length);
        for (int i : at) {
            result.add(ids[i]);
        }
        return List.copyOf(result);
    }

    /**
     * Texts in search order, and for every three consecutive characters, the positions (ascending)
     * of the texts that hold them.
     */
    static final class Texts {

        private static final int[] NONE = {};

        private final String[] texts;
        private final Map<Long, int[]> positions;
        final long characters;

        Texts(String[] texts) {
            this.texts = texts;
            Map<Long, Postings> building = new HashMap<>();
            long chars = 0;
            for (int at = 0; at < texts.length; at++) {
                String t = texts[at];
                chars += t.length();
                for (int i = 0; i + 3 <= t.length(); i++) {
                    building.computeIfAbsent(trigram(t, i), k -> new Postings()).add(at);
                }
            }
            characters = chars;
            positions = new HashMap<>(building.size() * 4 / 3 + 1);
            building.forEach((k, p) -> positions.put(k, p.toArray()));
        }

        /** In order, the positions of the texts holding {@code needle} that {@code shown} accepts, at most {@code max}. */
        int[] find(String needle, IntPredicate shown, int max) {
            int[] candidates = candidates(needle);
            int[] found = new int[Math.min(max, candidates == null ? texts.length : candidates.length)];
            int n = 0;
            int count = candidates == null ? texts.length : candidates.length;
            for (int k = 0; k < count && n < found.length; k++) {
                int at = candidates == null ? k : candidates[k];
                if (texts[at].contains(needle) && shown.test(at)) {
                    found[n++] = at;
                }
            }
            return Arrays.copyOf(found, n);
        }

        /** The texts that hold the needle's rarest three characters; null (all) for a needle shorter than three. */
        private int[] candidates(String needle) {
            if (needle.length() < 3) {
                return null;
            }
            int[] fewest = null;
            for (int i = 0; i + 3 <= needle.length(); i++) {
                int[] p = positions.get(trigram(needle, i));
                if (p == null) {
                    return NONE;
                }
                if (fewest == null || p.length < fewest.length) {
                    fewest = p;
                }
            }
            return fewest;
        }

        /**
         * Three characters as one key: their 48 bits, times an odd constant (a one-to-one mapping of
         * longs), so that the key's hash spreads; the bits alone hash to few values for ASCII text.
         */
        private static long trigram(String s, int i) {
            return ((long) s.charAt(i) << 32 | (long) s.charAt(i + 1) << 16 | s.charAt(i + 2)) * 0x9E3779B97F4A7C15L;
        }

        /** A growing list of positions, each added once however often its text holds the three characters. */
        private static final class Postings {
            int[] at = new int[2];
            int n;

            void add(int position) {
                if (n > 0 && at[n - 1] == position) {
                    return;
                }
                if (n == at.length) {
                    at = Arrays.copyOf(at, n * 2);
                }
                at[n++] = position;
            }

            int[] toArray() {
                return Arrays.copyOf(at, n);
            }
        }
    }
}
