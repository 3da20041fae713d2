package org.sregistry.web.console;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sregistry.account.Caller;
import org.sregistry.registry.RegistryException;
import org.sregistry.upload.BrowserUploadReceiver;
import org.sregistry.web.api.PublicUrl;
import org.sregistry.web.api.error.ApiErrors;
import org.sregistry.web.security.Callers;

/**
 * The JSON endpoints the upload page's script calls, under the console because they are
 * authenticated by the console's login session (the APIs never accept it). Every request must carry
 * the session's {@link UploadToken} (else 403), so another site cannot drive them. Errors are
 * {@code {"error":{"code","message"}}} like the APIs'.
 * <pre>
 * POST   /console/uploads                    {collection, container, tag, arch, size, fileName} -> 201 status
 * GET    /console/uploads/{id}               status: chunkSize, totalChunks, received chunk numbers
 * PUT    /console/uploads/{id}/chunks/{n}    the chunk's bytes (X-Chunk-Sha256 optional) -> status
 * POST   /console/uploads/{id}/complete      {size} -> the image: digest, pull ref
 * DELETE /console/uploads/{id}               cancels
 * </pre>
 * The mapping {@code /console/uploads/*} is longer than the Faces servlet's {@code /console/*}, so it wins.
 */
@WebServlet(urlPatterns = UploadEndpoints.PATH + "/*")
public class UploadEndpoints extends HttpServlet {

    public static final String PATH = "/console/uploads";
    private static final System.Logger LOG = System.getLogger(UploadEndpoints.class.getName());
    private static final Pattern UPLOAD = Pattern.compile("/([A-Za-z0-9-]{1,64})");
    private static final Pattern CHUNK = Pattern.compile("/([A-Za-z0-9-]{1,64})/chunks/([0-9]{1,9})");
    private static final Pattern COMPLETE = Pattern.compile("/([A-Za-z0-9-]{1,64})/complete");

    @Inject
    Callers callers;

    @Inject
    BrowserUploadReceiver receiver;

    @Inject
    PublicUrl publicUrl;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            Caller caller = callers.current();
            if (caller.isAnonymous()) {
                throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "log in to upload");
            }
            if (!UploadToken.presentIn(request)) {
                throw new RegistryException(RegistryException.Reason.FORBIDDEN, "missing or wrong " + UploadToken.HEADER
                        + " header: reload the upload page");
            }
            route(request, response, caller);
        } catch (RuntimeException e) {
            RegistryException refusal = causeOf(e);
            if (refusal != null) {
                send(response, ApiErrors.status(refusal.reason()), error(ApiErrors.status(refusal.reason()), refusal.getMessage()));
            } else {
                String incident = UUID.randomUUID().toString().substring(0, 8);
                LOG.log(System.Logger.Level.ERROR, "console upload failed, incident " + incident, e);
                send(response, 500, error(500, "the upload failed on the server (incident " + incident + ")"));
            }
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response, Caller caller) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        Matcher m;
        if (path.equals("/") && method.equals("POST")) {
            JsonObject body = json(request);
            send(response, 201, status(receiver.start(caller, string(body, "collection"), string(body, "container"),
                    string(body, "tag"), body.containsKey("arch") ? string(body, "arch") : "amd64", number(body, "size"),
                    body.containsKey("fileName") ? string(body, "fileName") : null)));
        } else if ((m = CHUNK.matcher(path)).matches() && method.equals("PUT")) {
            send(response, 200, status(receiver.receiveChunk(caller, m.group(1), Integer.parseInt(m.group(2)),
                    request.getInputStream(), request.getHeader("X-Chunk-Sha256"))));
        } else if ((m = COMPLETE.matcher(path)).matches() && method.equals("POST")) {
            JsonObject body = json(request);
            Long size = body.containsKey("size") ? number(body, "size") : null;
            send(response, 200, done(receiver.complete(caller, m.group(1), size)));
        } else if ((m = UPLOAD.matcher(path)).matches() && method.equals("GET")) {
            send(response, 200, status(receiver.status(caller, m.group(1))));
        } else if ((m = UPLOAD.matcher(path)).matches() && method.equals("DELETE")) {
            receiver.cancel(caller, m.group(1));
            send(response, 200, Json.createObjectBuilder().add("cancelled", m.group(1)));
        } else {
            throw RegistryException.notFound(method + " " + PATH + path + " is not an upload endpoint");
        }
    }

    private static JsonObjectBuilder status(BrowserUploadReceiver.Status s) {
        JsonArrayBuilder received = Json.createArrayBuilder();
        s.received().forEach(received::add);
        var u = s.upload();
        return Json.createObjectBuilder().add("id", u.getId()).add("collection", u.getCollectionPath())
                .add("collectionId", u.getCollectionId()).add("container", u.getContainer()).add("tag", u.getTag())
                .add("arch", u.getArch()).add("fileName", u.getFileName()).add("size", u.getSize())
                .add("chunkSize", u.getChunkSize()).add("totalChunks", u.totalChunks()).add("received", received)
                .add("receivedBytes", s.receivedBytes()).add("expiresAt", u.getExpiresAt().toString());
    }

    private JsonObjectBuilder done(BrowserUploadReceiver.Done d) {
        String ref = d.containerPath() + ":" + d.tag();
        return Json.createObjectBuilder().add("container", d.containerPath()).add("tag", d.tag()).add("arch", d.arch())
                .add("digest", d.digest().ref()).add("size", d.size())
                .add("pull", "library://" + publicUrl.host() + "/" + ref)
                .add("quota", Json.createObjectBuilder().add("total", d.quota().quotaTotal()).add("usage", d.quota().quotaUsage()));
    }

    private static JsonObject json(HttpServletRequest request) throws IOException {
        try (JsonReader reader = Json.createReader(request.getReader())) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw RegistryException.invalid("the request body must be a JSON object");
        }
    }

    private static String string(JsonObject body, String field) {
        JsonValue v = body.get(field);
        if (!(v instanceof JsonString s)) {
            throw RegistryException.invalid("'" + field + "' is required (a string)");
        }
        return s.getString().trim();
    }

    private static long number(JsonObject body, String field) {
        JsonValue v = body.get(field);
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw RegistryException.invalid("'" + field + "' is required (a whole number)");
        }
        return n.longValueExact();
    }

    private static JsonObjectBuilder error(int status, String message) {
        return Json.createObjectBuilder().add("error", Json.createObjectBuilder().add("code", status)
                .add("message", message == null ? "" : message));
    }

    private static void send(HttpServletResponse response, int status, JsonObjectBuilder body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try (Writer w = response.getWriter()) {
            w.write(body.build().toString());
        }
    }

    private static RegistryException causeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RegistryException r) {
                return r;
            }
        }
        return null;
    }
}
