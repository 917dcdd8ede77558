package dev.fieldgate.web;

import dev.fieldgate.web.auth.Account;
import dev.fieldgate.web.auth.Role;
import dev.fieldgate.web.auth.SignInRefused;
import dev.fieldgate.web.auth.Sessions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sign-in, sign-out, who am I, and the first-run setup of the administrator. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** A sign-in or setup form. */
    public record Credentials(String name, String password, String code) {
    }

    private final WebSecurity security;

    SessionResource(final WebSecurity security) {
        this.security = security;
    }

    /** @return the current session (name, role, CSRF token) or that nobody is signed in, and whether setup is due */
    @GET
    @Path("/session")
    @Access(open = true)
    public Map<String, Object> current(@CookieParam(WebAccessFilter.COOKIE) final String id) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("setupNeeded", security.setupNeeded());
        security.sessions().find(id).ifPresentOrElse(s -> {
            out.put("signedIn", true);
            out.put("name", s.account().name());
            out.put("role", s.account().role().name().toLowerCase());
            out.put("csrf", s.csrfToken());
        }, () -> out.put("signedIn", false));
        return out;
    }

    /** Signs in; sets the session cookie. */
    @POST
    @Path("/session")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(open = true)
    public Response signIn(final Credentials form) {
        try {
            return opened(security.accounts().verify(form == null ? null : form.name(), form == null ? null : form.password()));
        } catch (final SignInRefused e) {
            final Response.ResponseBuilder r = Response.status(Response.Status.UNAUTHORIZED).entity(Map.of("error", e.getMessage()));
            if (e.retryAfterSeconds() > 0) {
                r.header("Retry-After", e.retryAfterSeconds());
            }
            return r.build();
        }
    }

    /** Signs out. */
    @DELETE
    @Path("/session")
    @Access(Role.VIEWER)
    public Response signOut(@CookieParam(WebAccessFilter.COOKIE) final String id) {
        security.sessions().close(id);
        return Response.noContent().cookie(cookie("", 0)).build();
    }

    /** Creates the first administrator with the setup code from the log, and signs in. */
    @POST
    @Path("/setup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(open = true)
    public Response setup(final Credentials form) {
        synchronized (security) {
            if (!security.setupNeeded()) {
                return Response.status(Response.Status.CONFLICT).entity(Map.of("error", "Setup is done already; sign in."))
                        .build();
            }
            try {
                if (form == null || !security.setupCodeMatches(form.code())) {
                    return Response.status(Response.Status.FORBIDDEN).entity(Map.of("error",
                            "Wrong setup code. It is in the gateway's log: \"one-time setup code: …\".")).build();
                }
            } catch (final SignInRefused e) {
                return Response.status(429).entity(Map.of("error", e.getMessage()))
                        .header("Retry-After", e.retryAfterSeconds()).build();
            }
            try {
                security.accounts().save(form.name(), Role.ADMIN, form.password());
            } catch (final IllegalArgumentException e) {
                return Response.status(422).entity(Map.of("error", e.getMessage())).build();
            }
            security.setupDone();
            return opened(new Account(form.name(), Role.ADMIN));
        }
    }

    private Response opened(final Account account) {
        final String id = security.sessions().open(account);
        final Sessions.Session s = security.sessions().find(id).orElseThrow();
        return Response.ok(Map.of("name", account.name(), "role", account.role().name().toLowerCase(), "csrf",
                s.csrfToken())).cookie(cookie(id, -1)).build();
    }

    private NewCookie cookie(final String value, final int maxAge) {
        return new NewCookie.Builder(WebAccessFilter.COOKIE).value(value).path("/").httpOnly(true)
                .secure(security.secureCookie()).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
