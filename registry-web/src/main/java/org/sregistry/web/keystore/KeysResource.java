package org.sregistry.web.keystore;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.keystore.KeystoreService;
import org.sregistry.web.api.Envelope;

/** Key management for their owners: the caller's keys (staff: all keys), and revocation. */
@Tag(name = "keys", description = "OpenPGP public keys of the keystore, as JSON.")
@Path("api/keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    @Inject
    Caller caller;

    @Inject
    KeystoreService keystore;

    @GET
    public Envelope<List<KeyJson>> list() {
        return Envelope.of(keystore.list(caller).stream().map(KeyJson::of).toList());
    }

    /** Revokes: the key stays stored but lookups no longer return it. */
    @DELETE
    @Path("{fingerprint}")
    public Envelope<KeyJson> revoke(@PathParam("fingerprint") String fingerprint) {
        return Envelope.of(KeyJson.of(keystore.revoke(caller, fingerprint)));
    }
}
