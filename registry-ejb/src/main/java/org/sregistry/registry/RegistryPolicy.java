package org.sregistry.registry;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.Permissions;
import org.sregistry.token.CallerCache;

/**
 * The registry policies ({@link PolicySetting}) in force, and their run-time changes by staff. Values
 * are read from the database on every use (one statement), so a change made on one
 * node applies on all of them from the next request on.
 */
@Stateless
public class RegistryPolicy {

    @Inject
    SettingService settings;

    @Inject
    CallerCache callers;

    @Inject
    AuditService audit;

    /** The policies in force now. */
    public Policy current() {
        Map<String, String> stored = settings.findAll(Arrays.stream(PolicySetting.values()).map(PolicySetting::databaseKey).toList());
        Map<PolicySetting, String> values = new EnumMap<>(PolicySetting.class);
        for (PolicySetting setting : PolicySetting.values()) {
            values.put(setting, resolve(setting, Optional.ofNullable(stored.get(setting.databaseKey()))).value());
        }
        return Policy.of(values);
    }

    /** Every policy with its value and where the value comes from (staff only). */
    public List<PolicySetting.Resolved> all(Caller caller) {
        Permissions.requireStaff(caller);
        return Arrays.stream(PolicySetting.values()).map(this::resolve).toList();
    }

    /**
     * Staff set a policy in the database; a null or blank value removes the database's value, so the
     * configuration (or the default) applies again.
     */
    public PolicySetting.Resolved set(Caller caller, String name, String value) {
        Permissions.requireStaff(caller);
        PolicySetting setting = PolicySetting.named(name);
        if (value == null || value.isBlank()) {
            settings.remove(setting.databaseKey());
        } else {
            settings.put(setting.databaseKey(), setting.normalize(value));
        }
        // callers carry the contributors-may-push policy
        callers.changed();
        PolicySetting.Resolved resolved = resolve(setting);
        audit.record(caller, AuditEvent.Action.SETTING, setting.name(),
                (value == null || value.isBlank() ? "reset, now " : "set to ") + resolved.value()
                        + " (" + resolved.source().name().toLowerCase() + ")");
        return resolved;
    }

    private PolicySetting.Resolved resolve(PolicySetting setting) {
        return resolve(setting, settings.find(setting.databaseKey()));
    }

    private static PolicySetting.Resolved resolve(PolicySetting setting, Optional<String> stored) {
        Optional<String> config = ConfigProvider.getConfig().getOptionalValue(setting.configKey(), String.class);
        return setting.resolve(stored, config);
    }
}
