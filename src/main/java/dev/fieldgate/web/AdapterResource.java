package dev.fieldgate.web;

import dev.fieldgate.config.WebConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.adapter.AdapterConfigException;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.ConfigProblem;
import dev.fieldgate.field.modbus.TestRead;
import dev.fieldgate.web.auth.Role;
import dev.fieldgate.web.auth.Sessions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adapter files for the technicians' page: list, read, check, save (atomically, then applied at once to that
 * adapter only), enable/disable, delete, and a test read of a device before saving.
 */
@Path("/api/adapters")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.TECHNICIAN)
public class AdapterResource {

    private static final Logger LOG = Logger.getLogger(AdapterResource.class);

    /** The editor's content. */
    public record AdapterText(String yaml) {
    }

    /** A test read request: the adapter as edited (saved or not) and one of its devices. */
    public record TestReadRequest(String yaml, String device) {
    }

    private final AdapterService field;
    private final TestReadGuard guard;

    AdapterResource(final AdapterService field, final WebConfig config) {
        this.field = field;
        this.guard = new TestReadGuard(() -> files().hosts(), config.testReadHosts().orElse(List.of()));
    }

    /** @return every adapter file, its kind, devices, and the problem that keeps it from loading */
    @GET
    @Access(Role.VIEWER)
    public List<Map<String, Object>> list() {
        return files().list().stream().map(e -> {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("kind", e.kind());
            m.put("enabled", e.enabled());
            m.put("devices", e.devices());
            m.put("running", e.problem() == null && e.enabled() && e.devices().stream()
                    .allMatch(d -> field.devices().adapterOf(d).filter(e.name()::equals).isPresent()));
            m.put("problem", e.problem() == null ? null : problem(e.problem()));
            return m;
        }).toList();
    }

    /** @return the file's text. */
    @GET
    @Path("/{name}")
    @Access(Role.VIEWER)
    public Response read(@PathParam("name") final String name) {
        return handle(() -> Response.ok(Map.of("name", name, "yaml", files().read(name))).build());
    }

    /** Checks a text without saving it. */
    @POST
    @Path("/{name}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response check(@PathParam("name") final String name, final AdapterText text) {
        return handle(() -> files().check(name, text == null ? null : text.yaml())
                .map(p -> Response.status(422).entity(Map.of("problem", problem(p))).build())
                .orElseGet(() -> Response.ok(Map.of("ok", true)).build()));
    }

    /** Saves (creates or replaces) the file when it is valid, and applies it; other adapters keep running. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response save(@PathParam("name") final String name, final AdapterText text) {
        return handle(() -> {
            final String yaml = text == null ? null : text.yaml();
            final Optional<ConfigProblem> problem = files().check(name, yaml);
            if (problem.isPresent()) {
                return Response.status(422).entity(Map.of("problem", problem(problem.get()))).build();
            }
            files().write(name, yaml);
            LOG.infof("Adapter %s saved from the web page", name);
            return Response.ok(Map.of("message", field.reload(name))).build();
        });
    }

    /** Enables or disables the adapter (its file's {@code enabled:}), and applies it. */
    @POST
    @Path("/{name}/enabled")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enable(@PathParam("name") final String name, final Map<String, Boolean> body) {
        return handle(() -> {
            final boolean on = body != null && Boolean.TRUE.equals(body.get("enabled"));
            final String yaml = AdapterFiles.withEnabled(files().read(name), on);
            final Optional<ConfigProblem> problem = files().check(name, yaml);
            if (problem.isPresent()) {
                return Response.status(422).entity(Map.of("problem", problem(problem.get()))).build();
            }
            files().write(name, yaml);
            return Response.ok(Map.of("message", field.reload(name))).build();
        });
    }

    /** Deletes the file and stops the adapter. */
    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") final String name) {
        return handle(() -> {
            files().delete(name);
            LOG.infof("Adapter %s deleted from the web page", name);
            try {
                return Response.ok(Map.of("message", field.reload(name))).build();
            } catch (final IllegalArgumentException e) {
                // it was not running (disabled or rejected): nothing to stop
                return Response.ok(Map.of("message", "adapter " + name + " deleted")).build();
            }
        });
    }

    /** Reads one device of an edited adapter once: raw registers and values in every byte/word order. */
    @POST
    @Path("/test-read")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response testRead(final TestReadRequest request, @Context final ContainerRequestContext context) {
        return handle(() -> {
            final AdapterDefinition def;
            try {
                def = field.loader().parse("(editor)", "test-read", request == null || request.yaml() == null
                        ? "" : request.yaml());
            } catch (final AdapterConfigException e) {
                return Response.status(422).entity(Map.of("problem", problem(new ConfigProblem("(editor)", e.line(),
                        e.key(), e.getMessage())))).build();
            }
            if (def.connection() instanceof dev.fieldgate.field.serial.SerialLine
                    && def.devices().stream().map(dev.fieldgate.field.Device::id).anyMatch(field.devices()::exists)) {
                return Response.status(Response.Status.CONFLICT).entity(Map.of("error", "the serial port "
                        + def.connection().address() + " is in use by the running adapter; disable it for the test read, "
                        + "or use the live view")).build();
            }
            final Object session = context.getProperty(WebAccessFilter.SESSION_PROPERTY);
            final String account = session instanceof Sessions.Session s ? s.account().name() : "(no session)";
            try {
                return Response.ok(Map.of("device", request.device(), "points",
                        guard.run(account, def, request.device(), () -> TestRead.run(def, request.device())))).build();
            } catch (final TestReadGuard.Refused e) {
                return Response.status(e.status()).entity(Map.of("error", e.getMessage())).build();
            } catch (final FieldLinkException e) {
                return Response.status(502).entity(Map.of("error", e.getMessage())).build();
            }
        });
    }

    private AdapterFiles files() {
        return new AdapterFiles(field.adaptersDir(), field.loader(), field.devices()::adapterOf);
    }

    private static Map<String, Object> problem(final ConfigProblem p) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", p.line());
        m.put("key", p.key());
        m.put("message", p.message());
        m.put("text", p.toString());
        return m;
    }

    private static Response handle(final java.util.function.Supplier<Response> action) {
        try {
            return action.get();
        } catch (final IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
        }
    }
}
