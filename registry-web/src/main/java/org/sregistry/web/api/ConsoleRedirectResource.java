package org.sregistry.web.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

/** A browser opening the registry's bare address lands in the console. */
@Path("")
public class ConsoleRedirectResource {

    @GET
    @Produces({MediaType.TEXT_HTML, MediaType.WILDCARD})
    public Response home(@Context UriInfo uri) {
        return Response.seeOther(uri.getBaseUriBuilder().path("console/index.xhtml").build()).build();
    }
}
