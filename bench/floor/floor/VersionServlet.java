package floor;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The same body as the registry's /version, written by a plain servlet. */
@WebServlet("/servlet/version")
public class VersionServlet extends HttpServlet {
    static final byte[] BODY = "{\"data\":{\"version\":\"dev\",\"apiVersion\":\"2.0.0\"}}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }
}
