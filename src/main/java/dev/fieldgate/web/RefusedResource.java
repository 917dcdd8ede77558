package dev.fieldgate.web;

import dev.fieldgate.buffer.BufferFullException;
import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.buffer.BufferUnavailableException;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxStats;
import dev.fieldgate.buffer.RefusedMessage;
import dev.fieldgate.util.Futures;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The messages the broker refused for good (an IoT policy that does not allow the topic, say): listed for
 * viewers, sent again by a technician once the cause is fixed, discarded only by an administrator.
 */
@Path("/api/buffer/refused")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class RefusedResource {

    private static final Logger LOG = Logger.getLogger(RefusedResource.class);
    private static final int MAX_LISTED = 1000;

    private final BufferService buffer;

    RefusedResource(final BufferService buffer) {
        this.buffer = buffer;
    }

    /** @return how many are kept and the most recently refused ones, {@code max} at most (1-1000). */
    @GET
    public Response list(@QueryParam("max") @DefaultValue("50") final int max) {
        if (max < 1 || max > MAX_LISTED) {
            return Response.status(400).entity(Map.of("error", "max must be between 1 and " + MAX_LISTED + ", was " + max))
                    .build();
        }
        final List<RefusedMessage> messages;
        final OutboxStats stats;
        try {
            stats = outbox().stats();
            messages = outbox().refused(max);
        } catch (final BufferUnavailableException e) {
            return Response.status(503).entity(Map.of("error", e.getMessage())).build();
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("kept", stats.refusedKept());
        out.put("bytes", stats.refusedBytes());
        // maps, not the record: Jackson needs no reflection registration for them in the native image
        out.put("messages", messages.stream().map(RefusedResource::asMap).toList());
        return Response.ok(out).build();
    }

    private static Map<String, Object> asMap(final RefusedMessage m) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", m.messageId());
        out.put("stream", m.stream());
        out.put("topic", m.topic());
        out.put("createdAt", m.createdAt());
        out.put("refusedAt", m.refusedAt());
        out.put("reason", m.reason());
        out.put("bytes", m.bytes());
        return out;
    }

    /** Puts every kept refused message back in the outbox, behind what waits there. */
    @POST
    @Path("/resend")
    @Access(Role.TECHNICIAN)
    public Response resend() {
        return answer("resent", () -> outbox().resendRefused());
    }

    /** Deletes every kept refused message: their readings are gone for good. */
    @DELETE
    @Access(Role.ADMIN)
    public Response discard() {
        return answer("discarded", () -> outbox().discardRefused());
    }

    private Outbox outbox() {
        return buffer.outbox().orElseThrow(() -> new BufferUnavailableException("the buffer is not open yet", null));
    }

    private static Response answer(final String what, final Supplier<CompletableFuture<Integer>> action) {
        try {
            final int count = action.get().get(30, TimeUnit.SECONDS);
            LOG.infof("Refused messages %s from the web page: %d", what, count);
            return Response.ok(Map.of(what, count)).build();
        } catch (final ExecutionException e) {
            final Throwable cause = Futures.cause(e);
            final int status = cause instanceof BufferFullException ? 409 : 503;
            return Response.status(status).entity(Map.of("error", String.valueOf(cause.getMessage()))).build();
        } catch (final BufferUnavailableException e) {
            return Response.status(503).entity(Map.of("error", e.getMessage())).build();
        } catch (final TimeoutException e) {
            return Response.status(503).entity(Map.of("error", "the buffer did not answer within 30 s")).build();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.status(503).entity(Map.of("error", "interrupted")).build();
        }
    }
}
