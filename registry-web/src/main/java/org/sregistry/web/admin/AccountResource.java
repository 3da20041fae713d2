package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.account.AccountDeletion;
import org.sregistry.account.AccountExport;
import org.sregistry.account.Caller;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.Envelope;

/**
 * The caller's own account: an export of their data, and deleting the account (docs/accounts.md,
 * "Self-service: export and deletion").
 */
@Tag(name = "account", description = "The caller's own account: export its data, delete it.")
@Path("api/account")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    Caller caller;

    @Inject
    AccountDeletion deletion;

    @Inject
    AccountExport export;

    /** {@code {"confirm": "<username>", "collections": "transfer"|"delete", "team": "<name>"}}: the POST's body. */
    public record DeleteRequest(String confirm, String collections, String team) {}

    public record Deleted(String username, boolean active, List<String> transferred, List<String> deleted, String team,
            int tokensRevoked, int shareLinksRevoked) {
        static Deleted of(AccountDeletion.Outcome o) {
            return new Deleted(o.username(), false, o.transferred(), o.deleted(), o.team(), o.tokensRevoked(),
                    o.shareLinksRevoked());
        }
    }

    /** Everything the registry holds about the caller, without any secret, as a file to keep. */
    @GET
    @Path("export")
    public Response export() {
        AccountExport.Export data = export.export(caller);
        return Response.ok(Envelope.of(data)).header("Content-Disposition", "attachment; filename=\"account-"
                + data.profile().username() + "-" + LocalDate.now(ZoneOffset.UTC) + ".json\"").build();
    }

    /**
     * Deletes the caller's account: {@code ?confirm=<username>&collections=transfer|delete&team=<name>}.
     * The parameters are in the query because the server refuses a DELETE with a body (Grizzly, and
     * many proxies); {@code POST api/account/delete} takes the same as a JSON body.
     */
    @DELETE
    public Envelope<Deleted> delete(@QueryParam("confirm") String confirm, @QueryParam("collections") String collections,
            @QueryParam("team") String team) {
        return deleteAccount(new DeleteRequest(confirm, collections, team));
    }

    /** The same as {@code DELETE api/account}, with {@code {"confirm": ..., "collections": ..., "team": ...}}. */
    @POST
    @Path("delete")
    public Envelope<Deleted> deleteByPost(DeleteRequest body) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        AccountsJson.require(body);
        return deleteAccount(body);
    }

    private Envelope<Deleted> deleteAccount(DeleteRequest request) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        AccountDeletion.Collections choice = request.collections() == null || request.collections().isBlank() ? null
                : AccountsJson.parse(AccountDeletion.Collections.class, "collections choice", request.collections(), null);
        return Envelope.of(Deleted.of(deletion.delete(caller, request.confirm(), choice, request.team())));
    }
}
