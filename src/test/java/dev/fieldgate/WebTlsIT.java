package dev.fieldgate;

import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.util.PemTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged gateway serving its page over HTTPS with the certificate it made itself. */
class WebTlsIT {

    @TempDir
    Path data;

    @Test
    void should_serve_the_page_over_https_with_a_generated_certificate_and_redirect_http() throws Exception {
        final int http = Ports.free();
        final int https = Ports.free();
        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "quarkus.profile", "dev",
                "quarkus.http.port", Integer.toString(http),
                "quarkus.http.ssl-port", Integer.toString(https),
                "fieldgate.web.https", "generated",
                "fieldgate.data-dir", data.toString(),
                "fieldgate.demo.broker-port", Integer.toString(Ports.free()),
                "fieldgate.adapters.dir", Path.of("adapters/demo").toAbsolutePath().toString(),
                "fieldgate.adapters.profiles-dir", Path.of("adapters/profiles").toAbsolutePath().toString()))) {
            // the HTTP server opens after the gateway's own start-up: wait for Quarkus' line that it listens
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().contains("Listening on:"));
            final Path cert = data.resolve("web-tls/web.pem");
            assertThat(Files.getPosixFilePermissions(data.resolve("web-tls/web.key")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            final SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, PemTls.trustManagers(cert).getTrustManagers(), null);
            final HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            // trusted by its own certificate, for the name localhost: hostname verification on
            final HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Fieldgate</title>");
            final HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https
                    + "/api/session")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"nobody\",\"password\":\"nothing-at-all\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(401);
            // HTTP/1.1: the JDK client would otherwise try an h2c upgrade, which the redirect does not answer
            final HttpResponse<Void> plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http + "/")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(plain.statusCode()).isEqualTo(301);
            assertThat(plain.headers().firstValue("Location").orElse("")).startsWith("https://");
            assertThat(gateway.output()).doesNotContain("PRIVATE KEY");
        }
    }
}
