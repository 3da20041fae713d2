package org.sregistry.web.console.admin;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sregistry.registry.PolicySetting;
import org.sregistry.registry.RegistryPolicy;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/settings.xhtml}: the registry policies, where each value comes from, edit and reset. */
@Named("adminSettings")
@ViewScoped
public class SettingsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser user;

    @Inject
    RegistryPolicy policy;

    @Inject
    ConsoleMessages messages;

    private List<PolicySetting.Resolved> settings;
    private final Map<String, String> edits = new HashMap<>();

    @PostConstruct
    void load() {
        settings = policy.all(user.caller());
        settings.forEach(s -> edits.put(s.setting().name(), s.value()));
    }

    public void save(String name) {
        policy.set(user.caller(), name, edits.get(name));
        messages.info("admin.settings.saved", name);
        load();
    }

    public void reset(String name) {
        policy.set(user.caller(), name, null);
        messages.info("admin.settings.reset", name);
        load();
    }

    public List<PolicySetting.Resolved> getSettings() {
        return settings;
    }

    public Map<String, String> getEdits() {
        return edits;
    }
}
