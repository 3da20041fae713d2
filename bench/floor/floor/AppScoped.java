package floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** JAX-RS, one instance: a constant body, and a record written by JSON-B. */
@Path("app")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AppScoped {
    public record Version(String version, String apiVersion) {}
    public record Envelope(Version data) {}

    @GET
    @Path("bytes")
    public byte[] bytes() {
        return VersionServlet.BODY;
    }

    @GET
    @Path("json")
    public Envelope json() {
        return new Envelope(new Version("dev", "2.0.0"));
    }
}
