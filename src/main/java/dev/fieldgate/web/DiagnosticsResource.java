package dev.fieldgate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fieldgate.config.MemoryBudget;
import dev.fieldgate.config.MemoryConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
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
    private final long maxBundleBytes;
    // one bundle at a time: each is held in memory until sent, and together they must stay in the web's share
    private final Semaphore building = new Semaphore(1);

    DiagnosticsResource(final StatusResource status, final DeviceResource devices, final AdapterResource adapters,
                        final AdapterService field, final MemoryConfig memory) {
        this.status = status;
        this.devices = devices;
        this.adapters = adapters;
        this.field = field;
        this.maxBundleBytes = MemoryBudget.from(memory).web();
    }

    /** @return the bundle as a download. */
    @GET
    @Produces("application/zip")
    public Response bundle() {
        if (!building.tryAcquire()) {
            return Response.status(429).entity(Map.of("error", "a diagnostics bundle is being built; try again shortly"))
                    .type("application/json").build();
        }
        // streamed, not built in memory and copied: the permit is held until the last byte is written, so the
        // bundles in memory never exceed one, whatever the number of slow downloads
        final StreamingOutput body = out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                put(zip, "status.json", JSON.writeValueAsString(status.status()));
                put(zip, "devices.json", JSON.writeValueAsString(devices.list()));
                put(zip, "adapters.json", JSON.writeValueAsString(adapters.list()));
                putAdapterFiles(zip, new AdapterFiles(field.adaptersDir(), field.loader(), field.devices()::adapterOf), maxBundleBytes);
                put(zip, "settings.txt", settings());
            } finally {
                building.release();
            }
        };
        final String name = "fieldgate-diagnostics-" + Instant.now().toString().replace(':', '-') + ".zip";
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
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

    /**
     * Adds the adapter files the loader would read, up to {@code maxBytes} of text in all; a file refused (a link
     * leading outside the directory, too large, not UTF-8) or beyond the cap is named with the reason instead.
     */
    static void putAdapterFiles(final ZipOutputStream zip, final AdapterFiles files, final long maxBytes)
            throws IOException {
        long left = maxBytes;
        for (final AdapterFiles.Entry e : files.list()) {
            final String text;
            try {
                text = files.read(e.name());
            } catch (final IllegalArgumentException refused) {
                put(zip, "adapters/" + e.name() + ".refused.txt", refused.getMessage() + "\n");
                continue;
            }
            final long size = text.getBytes(StandardCharsets.UTF_8).length;
            if (size > left) {
                put(zip, "adapters/" + e.name() + ".omitted.txt", "omitted: the bundle holds at most " + maxBytes / 1024
                        + " KiB of adapter files (the web's share of fieldgate.memory.budget)\n");
                continue;
            }
            left -= size;
            put(zip, "adapters/" + e.name() + ".yaml", text);
        }
    }

    private static void put(final ZipOutputStream zip, final String name, final String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
