package dev.fieldgate.web;

import dev.fieldgate.web.auth.Sessions;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Guards every REST endpoint: a live session with the role the endpoint's {@link Access} asks for, and on
 * every state-changing request the session's CSRF token in the {@code X-CSRF-Token} header.
 */
public class WebAccessFilter {

    /** The session cookie. */
    public static final String COOKIE = "fieldgate_session";
    /** The header that carries the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Where the request's session is kept for the endpoint. */
    public static final String SESSION_PROPERTY = "fieldgate.session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final WebSecurity security;

    WebAccessFilter(final WebSecurity security) {
        this.security = security;
    }

    /** @return a refusal, or empty to let the request through */
    @ServerRequestFilter
    public Optional<Response> check(final ContainerRequestContext request, final ResourceInfo resource) {
        final Access access = access(resource);
        if (access == null) {
            return refuse(Response.Status.FORBIDDEN, "This endpoint is not open to anyone.");
        }
        if (access.open()) {
            return Optional.empty();
        }
        final Cookie cookie = request.getCookies().get(COOKIE);
        final Optional<Sessions.Session> session = security.sessions().find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            return refuse(Response.Status.UNAUTHORIZED, "Sign in first (or again: the session expired).");
        }
        if (!SAFE_METHODS.contains(request.getMethod())
                && !session.get().csrfToken().equals(request.getHeaderString(CSRF_HEADER))) {
            return refuse(Response.Status.FORBIDDEN, "Missing or wrong CSRF token: reload the page and try again.");
        }
        if (!session.get().account().role().includes(access.value())) {
            return refuse(Response.Status.FORBIDDEN, "Your role (" + session.get().account().role().name().toLowerCase()
                    + ") may not do this; it needs " + access.value().name().toLowerCase() + ".");
        }
        request.setProperty(SESSION_PROPERTY, session.get());
        return Optional.empty();
    }

    private static Access access(final ResourceInfo resource) {
        final Method m = resource.getResourceMethod();
        if (m == null) {
            return null;
        }
        final Access onMethod = m.getAnnotation(Access.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(Access.class);
    }

    static Optional<Response> refuse(final Response.Status status, final String message) {
        return Optional.of(Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message))
                .build());
    }
}
