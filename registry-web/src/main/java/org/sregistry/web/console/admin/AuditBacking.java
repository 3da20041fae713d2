package org.sregistry.web.console.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/audit.xhtml}: the audit log, newest first, filtered by actor and action. */
@Named("adminAudit")
@ViewScoped
public class AuditBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser user;

    @Inject
    AuditService audit;

    private String actor;
    private AuditEvent.Action action;
    private final PagedModel<AuditEvent> model = new PagedModel<>(() -> audit.count(user.caller(), actor, action),
            (offset, limit) -> audit.find(user.caller(), actor, action, offset, limit), AuditEvent::getId);

    public AuditEvent.Action[] getActions() {
        return AuditEvent.Action.values();
    }

    public PagedModel<AuditEvent> getModel() {
        return model;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public AuditEvent.Action getAction() {
        return action;
    }

    public void setAction(AuditEvent.Action action) {
        this.action = action;
    }
}
