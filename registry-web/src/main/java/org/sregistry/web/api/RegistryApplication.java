package org.sregistry.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The HTTP APIs at the host root, where the library client expects them ({@code /version},
 * {@code /v1/...}, {@code /v2/...}, {@code /assets/config/config.prod.json}).
 */
@ApplicationPath("/")
public class RegistryApplication extends Application {

    /**
     * Error statuses are set, never sent with {@code sendError}: the servlet container's error pages
     * (the console's) must not replace an API answer.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.servlet.response.setStatusOverSendError", true);
    }
}
