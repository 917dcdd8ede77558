package dev.fieldgate.web;

import dev.fieldgate.web.auth.Account;
import dev.fieldgate.web.auth.AccountStore;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Local accounts, for administrators. Passwords go in, never out. */
@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class AccountResource {

    /** An account form; the password is required (new account or new password). */
    public record AccountForm(String role, String password) {
    }

    private final WebSecurity security;

    AccountResource(final WebSecurity security) {
        this.security = security;
    }

    /** @return every account with its role. */
    @GET
    public List<Account> list() {
        return security.accounts().list();
    }

    /** Creates an account or sets its role and password; its open sessions end. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response save(@PathParam("name") final String name, final AccountForm form) {
        final Role role = Role.of(form == null ? null : form.role()).orElse(null);
        if (role == null) {
            return Response.status(422).entity(Map.of("error", "role must be viewer, technician or admin")).build();
        }
        try {
            security.accounts().save(name, role, form.password());
        } catch (final AccountStore.LastAdministratorException e) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", e.getMessage())).build();
        } catch (final IllegalArgumentException e) {
            return Response.status(422).entity(Map.of("error", e.getMessage())).build();
        }
        security.sessions().closeAll(name);
        return Response.ok(new Account(name, role)).build();
    }

    /** Deletes an account; the last administrator cannot be deleted. */
    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") final String name) {
        final boolean deleted;
        try {
            deleted = security.accounts().delete(name);
        } catch (final AccountStore.LastAdministratorException e) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", e.getMessage())).build();
        }
        if (!deleted) {
            return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no account " + name)).build();
        }
        security.sessions().closeAll(name);
        return Response.noContent().build();
    }
}
