package dev.fieldgate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip for support: status, devices, adapter files and the effective settings. Values of settings whose
 * names speak of a password, secret, token or credential are replaced by {@code ***}; key files are never
 * read, only their paths appear.
 */
@Path("/api/diagnostics")
@Access(Role.TECHNICIAN)
public class DiagnosticsResource {

    static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential|passphrase).*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final StatusResource status;
    private final DeviceResource devices;
    private final AdapterResource adapters;
    private final AdapterService field;

    DiagnosticsResource(final StatusResource status, final DeviceResource devices, final AdapterResource adapters,
                        final AdapterService field) {
        this.status = status;
        this.devices = devices;
        this.adapters = adapters;
        this.field = field;
    }

    /** @return the bundle as a download. */
    @GET
    @Produces("application/zip")
    public Response bundle() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "status.json", JSON.writeValueAsString(status.status()));
            put(zip, "devices.json", JSON.writeValueAsString(devices.list()));
            put(zip, "adapters.json", JSON.writeValueAsString(adapters.list()));
            final AdapterFiles files = new AdapterFiles(field.adaptersDir(), field.loader());
            for (final AdapterFiles.Entry e : files.list()) {
                put(zip, "adapters/" + e.name() + ".yaml", files.read(e.name()));
            }
            put(zip, "settings.txt", settings());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final String name = "fieldgate-diagnostics-" + Instant.now().toString().replace(':', '-') + ".zip";
        return Response.ok(bytes.toByteArray()).header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    static String settings() {
        final Config config = ConfigProvider.getConfig();
        final Map<String, String> out = new TreeMap<>();
        for (final String key : config.getPropertyNames()) {
            if (key.startsWith("fieldgate.") || key.startsWith("mp.messaging.") || key.equals("quarkus.http.port")) {
                out.put(key, SECRET.matcher(key).matches() ? "***" : config.getOptionalValue(key, String.class).orElse(""));
            }
        }
        final StringBuilder b = new StringBuilder();
        out.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    private static void put(final ZipOutputStream zip, final String name, final String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
