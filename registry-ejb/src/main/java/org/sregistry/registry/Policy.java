package org.sregistry.registry;

import java.util.Map;

/** The registry policies in force for one request or action: a snapshot of {@link PolicySetting}s. */
public record Policy(boolean privateOnly, boolean defaultPrivate, boolean userCollections, int userCollectionLimit,
        boolean contributorsMayPush) {

    /** The policies when nothing is configured. */
    public static final Policy DEFAULTS = of(Map.of());

    /** The policies from resolved values; a missing one takes its default. */
    public static Policy of(Map<PolicySetting, String> values) {
        return new Policy(
                Boolean.parseBoolean(value(values, PolicySetting.PRIVATE_ONLY)),
                Boolean.parseBoolean(value(values, PolicySetting.DEFAULT_PRIVATE)),
                Boolean.parseBoolean(value(values, PolicySetting.USER_COLLECTIONS)),
                Integer.parseInt(value(values, PolicySetting.USER_COLLECTION_LIMIT)),
                Boolean.parseBoolean(value(values, PolicySetting.CONTRIBUTORS_MAY_PUSH)));
    }

    private static String value(Map<PolicySetting, String> values, PolicySetting setting) {
        return values.getOrDefault(setting, setting.defaultValue());
    }
}
