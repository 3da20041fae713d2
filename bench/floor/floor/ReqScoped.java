package floor;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** JAX-RS, an instance per request (as the registry's resources). */
@Path("req")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReqScoped {
    @GET
    @Path("json")
    public AppScoped.Envelope json() {
        return new AppScoped.Envelope(new AppScoped.Version("dev", "2.0.0"));
    }
}
