package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.sregistry.registry.BuildInfo;
import org.sregistry.web.api.Envelope;
import org.sregistry.web.api.PublicUrl;

/** What {@code apptainer remote add/status} reads before anything else: versions and service addresses. */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    /** 2.0.0 ≥ 2.0.0-alpha.2: the client uses v2 uploads and per-architecture tags. */
    static final String API_VERSION = "2.0.0";

    @Inject
    PublicUrl publicUrl;

    @Context
    UriInfo uri;

    public record VersionJson(String version, String apiVersion) {

        /** This build's version ({@link BuildInfo}) and the API's. */
        static VersionJson current() {
            return new VersionJson(BuildInfo.version(), API_VERSION);
        }
    }

    /** Answered by {@link HotReads} for a plain GET; here for HEAD and what that filter leaves to JAX-RS. */
    @GET
    @Path("version")
    public Envelope<VersionJson> version() {
        return Envelope.of(VersionJson.current());
    }

    /** The discovery file: every service of this registry is served from its public address. */
    @GET
    @Path("assets/config/config.prod.json")
    public JsonObject config() {
        String base = publicUrl.base(uri);
        JsonObject service = Json.createObjectBuilder().add("uri", base).build();
        return Json.createObjectBuilder()
                .add("libraryAPI", service)
                .add("keystoreAPI", service)
                .add("tokenAPI", service)
                .build();
    }
}
