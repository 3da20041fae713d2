package org.sregistry.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import java.util.Map;

/**
 * The HTTP APIs at the host root, where the library client expects them ({@code /version},
 * {@code /v1/...}, {@code /v2/...}, {@code /assets/config/config.prod.json}).
 */
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "SIF registry API", version = "1",
                description = "The library API that apptainer speaks (/version, /v1, /v2, /assets), the HKP keystore"
                        + " (/pks) and the JSON API for scripting everything the console does (/api). Errors are"
                        + " {\"error\":{\"code\",\"message\"}}. Payara generates this document at /openapi from the"
                        + " resources themselves."),
        security = @SecurityRequirement(name = "token"))
@SecurityScheme(securitySchemeName = "token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API token (made in the console under My account, or by POST /api/tokens/exchange)")
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
