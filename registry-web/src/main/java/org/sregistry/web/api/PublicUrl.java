package org.sregistry.web.api;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.registry.TrustedProxies;

/**
 * The address clients reach the registry at, for every URL the registry hands out (discovery file,
 * redirects, signed transfer URLs): {@code registry.public.url} when set; else, for a request that
 * came through a trusted proxy ({@code registry.proxy.trusted}), its {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host}; else the request's own base. Forwarded headers from anyone else are
 * ignored, so a client cannot make the registry hand out URLs to a host of its choosing.
 */
@ApplicationScoped
public class PublicUrl {

    @Inject
    @ConfigProperty(name = "registry.public.url")
    Optional<String> configured;

    @Inject
    @ConfigProperty(name = "registry.proxy.trusted")
    Optional<String> trustedList;

    @Inject
    HttpServletRequest request;

    private TrustedProxies trusted = TrustedProxies.NONE;

    @PostConstruct
    void init() {
        trusted = TrustedProxies.parse(trustedList.orElse(""));
    }

    /** The base without a trailing slash, e.g. {@code https://sif.example.org}. */
    public String base(UriInfo uri) {
        return base(uri.getBaseUri());
    }

    /** The same base for a request that did not come through JAX-RS (the console's pages). */
    public String base() {
        String context = request.getContextPath();
        return base(URI.create(request.getScheme() + "://" + hostAndPort() + context + "/"));
    }

    /** The registry's host as the CLI writes it in {@code library://host/entity/collection/container}. */
    public String host() {
        return URI.create(base() + "/").getRawAuthority();
    }

    private String hostAndPort() {
        int port = request.getServerPort();
        boolean usual = port == ("https".equals(request.getScheme()) ? 443 : 80);
        String name = request.getServerName();
        return (name.contains(":") ? "[" + name + "]" : name) + (usual ? "" : ":" + port);
    }

    private String base(URI requestBase) {
        String base = configured.filter(s -> !s.isBlank()).orElseGet(() -> forwarded(requestBase).orElseGet(
                () -> requestBase.getScheme() + "://" + requestBase.getRawAuthority() + requestBase.getRawPath()));
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private Optional<String> forwarded(URI requestBase) {
        if (!trusted.trusts(request.getRemoteAddr())) {
            return Optional.empty();
        }
        String host = first(request.getHeader("X-Forwarded-Host"));
        if (host == null || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            return Optional.empty();
        }
        String proto = first(request.getHeader("X-Forwarded-Proto"));
        String scheme = "https".equalsIgnoreCase(proto) ? "https" : "http";
        return Optional.of(scheme + "://" + host + requestBase.getRawPath());
    }

    /** A proxy chain sends "a, b": the first is what the client asked for. */
    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma >= 0 ? header.substring(0, comma) : header).trim();
    }
}
