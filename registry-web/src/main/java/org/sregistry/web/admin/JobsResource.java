package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sregistry.account.Caller;
import org.sregistry.batch.Jobs;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.Envelope;

/** Starts, watches, stops and restarts the batch jobs (staff only: {@link Jobs} checks the caller). */
@Tag(name = "jobs", description = "Batch jobs (staff): start, follow, stop, restart, history.")
@Path("api/admin/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private static final int RECENT_MAX = 200;

    @Inject
    Caller caller;

    @Inject
    Jobs jobs;

    /** {@code {"dryRun": true}} and the like: the job's parameters, as strings or plain values (no body: none). */
    @POST
    @Path("{name: [a-z-]+}")
    public Response start(@PathParam("name") String name, Map<String, Object> body) {
        Jobs.Run run = jobs.start(caller, name, parameters(body));
        return Response.status(Response.Status.ACCEPTED).entity(Envelope.of(run)).build();
    }

    @GET
    public Envelope<List<Jobs.Run>> recent(@QueryParam("max") @DefaultValue("50") String max) {
        int limit;
        try {
            limit = Integer.parseInt(max);
        } catch (NumberFormatException e) {
            throw RegistryException.invalid("max must be a number");
        }
        return Envelope.of(jobs.recent(caller, Math.max(1, Math.min(limit, RECENT_MAX))));
    }

    @GET
    @Path("{executionId: [0-9]+}")
    public Envelope<Jobs.Report> report(@PathParam("executionId") long executionId) {
        return Envelope.of(jobs.report(caller, executionId));
    }

    @POST
    @Path("{executionId: [0-9]+}/stop")
    public Envelope<Jobs.Run> stop(@PathParam("executionId") long executionId) {
        return Envelope.of(jobs.stop(caller, executionId));
    }

    @POST
    @Path("{executionId: [0-9]+}/restart")
    public Response restart(@PathParam("executionId") long executionId, Map<String, Object> body) {
        Jobs.Run run = jobs.restart(caller, executionId, parameters(body));
        return Response.status(Response.Status.ACCEPTED).entity(Envelope.of(run)).build();
    }

    private static Map<String, String> parameters(Map<String, Object> body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (body != null) {
            body.forEach((key, value) -> {
                if (key == null) { // what JSON-B makes of a JSON array
                    throw RegistryException.invalid("the job parameters must be a JSON object");
                }
                if (value instanceof Map || value instanceof List) {
                    throw RegistryException.invalid("job parameter " + key + " must be a string, number or boolean");
                }
                parameters.put(key, value == null ? null : value.toString());
            });
        }
        return parameters;
    }
}
