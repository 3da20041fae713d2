package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.registry.RegistryPolicy;
import org.sregistry.web.api.Envelope;

/** The registry policies, each with where its value comes from; staff change them at run time. */
@Tag(name = "settings", description = "Registry policy settings (staff): value and where it comes from; change and reset at run time.")
@Path("api/admin/settings")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    @Inject
    Caller caller;

    @Inject
    RegistryPolicy policy;

    @GET
    public Envelope<List<AccountsJson.SettingJson>> all() {
        return Envelope.of(policy.all(caller).stream().map(AccountsJson.SettingJson::of).toList());
    }

    /** {@code {"value": "true"}}; a null or empty value drops the database's value (back to config/default). */
    @PUT
    @Path("{name}")
    public Envelope<AccountsJson.SettingJson> set(@PathParam("name") String name, AccountsJson.SettingUpdate body) {
        return Envelope.of(AccountsJson.SettingJson.of(policy.set(caller, name, body == null ? null : body.value())));
    }
}
