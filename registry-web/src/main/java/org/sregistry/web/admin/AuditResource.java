package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.web.api.Envelope;

/** The audit log for staff, newest first: {@code ?limit=&offset=&actor=&action=} (limit at most 500). */
@Tag(name = "audit", description = "The audit log (staff): who did what and when.")
@Path("api/admin/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int DEFAULT_LIMIT = 100;

    @Inject
    Caller caller;

    @Inject
    AuditService audit;

    @GET
    public Envelope<List<AccountsJson.AuditJson>> find(@QueryParam("limit") String limit,
            @QueryParam("offset") String offset, @QueryParam("actor") String actor,
            @QueryParam("action") String action) {
        AuditEvent.Action wanted = action == null || action.isBlank() ? null
                : AccountsJson.parse(AuditEvent.Action.class, "audit action", action, null);
        return Envelope.of(audit.find(caller, actor, wanted, AccountsJson.integer("offset", offset, 0),
                AccountsJson.integer("limit", limit, DEFAULT_LIMIT)).stream().map(AccountsJson.AuditJson::of).toList());
    }
}
