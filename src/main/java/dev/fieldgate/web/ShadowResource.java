package dev.fieldgate.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.config.ShadowConfig;
import dev.fieldgate.shadow.ShadowChange;
import dev.fieldgate.shadow.ShadowDocument;
import dev.fieldgate.shadow.ShadowError;
import dev.fieldgate.shadow.LocalShadows;
import dev.fieldgate.shadow.ShadowKey;
import dev.fieldgate.shadow.ShadowMessages;
import dev.fieldgate.shadow.ShadowService;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.function.Supplier;

/**
 * The local shadow cache over HTTP, in the Device Shadow service's shapes: answers as on {@code /accepted},
 * errors as on {@code /rejected} with the same code as HTTP status. Works whether or not the cloud is
 * reachable; changes made here are synced to the cloud when it is.
 */
@Path("/api/shadows")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class ShadowResource {

    private final LocalShadows local;
    private final ShadowConfig config;

    ShadowResource(final LocalShadows local, final ShadowConfig config) {
        this.local = local;
        this.config = config;
    }

    /** @return every stored shadow as {device, name}. */
    @GET
    public Response list() {
        return answer(() -> {
            final ObjectNode out = dev.fieldgate.shadow.ShadowEngine.JSON.createObjectNode();
            final List<ShadowKey> keys = shadows().keys();
            final var results = out.putArray("results");
            keys.forEach(k -> results.addObject().put("device", k.device()).put("name", k.name()));
            return out;
        });
    }

    /** @return the document with its delta. */
    @GET
    @Path("/{device}/{name}")
    public Response get(@PathParam("device") final String device, @PathParam("name") final String name) {
        return answer(() -> {
            final ShadowDocument d = shadows().get(new ShadowKey(device, name));
            return ShadowMessages.getAccepted(d, null, now());
        });
    }

    /** Applies an update request ({"state": {"desired": …}, "version": n, "clientToken": "…"}). */
    @POST
    @Path("/{device}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Role.TECHNICIAN)
    public Response update(@PathParam("device") final String device, @PathParam("name") final String name,
                           final byte[] body) {
        return answer(() -> {
            checkWritable();
            final ShadowChange c = shadows().update(new ShadowKey(device, name), body == null ? new byte[0] : body,
                    ShadowChange.Origin.LOCAL_CLIENT);
            return ShadowMessages.updateAccepted(c.update(), c.current(), now());
        });
    }

    /** Deletes the shadow; its version carries on if it is created again. */
    @DELETE
    @Path("/{device}/{name}")
    @Access(Role.TECHNICIAN)
    public Response delete(@PathParam("device") final String device, @PathParam("name") final String name) {
        return answer(() -> {
            checkWritable();
            final ShadowChange c = shadows().delete(new ShadowKey(device, name), ShadowChange.Origin.LOCAL_CLIENT);
            return ShadowMessages.deleteAccepted(c.current().version(), null, now());
        });
    }

    private void checkWritable() {
        if (!config.localWrites()) {
            throw new ShadowError(403, "Forbidden: local shadow changes are disabled (fieldgate.shadow.local-writes)");
        }
    }

    private ShadowService shadows() {
        return local.service().orElseThrow(
                () -> new ShadowError(404, "Shadows are disabled on this gateway (fieldgate.shadow.enabled)"));
    }

    private static Response answer(final Supplier<ObjectNode> action) {
        try {
            return Response.ok(action.get()).build();
        } catch (final ShadowError e) {
            return Response.status(e.code()).entity(ShadowMessages.error(e, null, now())).build();
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
