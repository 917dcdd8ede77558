package dev.fieldgate.web.tls;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code fieldgate.web.https=generated}: serves the page over HTTPS with a self-signed certificate made on
 * first start in {@code <data-dir>/web-tls/}, and redirects plain HTTP to it. Runs while the configuration
 * is read, before the HTTP server starts, which is the only time Quarkus takes its TLS files. With a real
 * certificate, set {@code quarkus.http.ssl.certificate.files}/{@code key-files} instead.
 */
public final class WebTlsConfigSource implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(final ConfigSourceContext context) {
        final ConfigValue mode = context.getValue("fieldgate.web.https");
        if (mode == null || mode.getValue() == null || !"generated".equals(mode.getValue().trim())) {
            return List.of();
        }
        final ConfigValue dataDir = context.getValue("fieldgate.data-dir");
        final Path dir = Path.of(dataDir == null || dataDir.getValue() == null ? "data" : dataDir.getValue()).resolve("web-tls");
        final Path[] files = SelfSignedCertificate.ensure(dir);
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.http.ssl.certificate.files", files[0].toAbsolutePath().toString(),
                "quarkus.http.ssl.certificate.key-files", files[1].toAbsolutePath().toString(),
                "quarkus.http.insecure-requests", "redirect",
                "fieldgate.web.secure-cookie", "true"), "fieldgate-web-tls", 50));
    }
}
