package org.sregistry.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The HTTP APIs at the host root, where the library client expects them ({@code /version},
 * {@code /v1/...}, {@code /v2/...}, {@code /assets/config/config.prod.json}).
 */
@ApplicationPath("/")
public class RegistryApplication extends Application {}
