package dev.fieldgate.jobs;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.util.PemTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads of rollout files from an HTTPS server with a test CA: bounded, checked, https only. */
class AdapterFetcherTest {

    private static final String YAML = "kind: modbus-tcp\n";

    @TempDir
    Path tmp;
    private HttpsServer server;
    private AdapterFetcher fetcher;

    @BeforeEach
    void serve() throws Exception {
        final DemoPki pki = DemoPki.create(tmp.resolve("pki"), "Download CA");
        final SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(PemTls.keyManagers(pki.dir().resolve("server.pem"), pki.dir().resolve("server.key"))
                .getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/ok.yaml", x -> {
            final byte[] b = YAML.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/big.yaml", x -> {
            x.sendResponseHeaders(200, 0);   // chunked, no length: the limit must hold while reading
            for (int i = 0; i < 100; i++) {
                x.getResponseBody().write(new byte[1024]);
            }
            x.close();
        });
        server.createContext("/latin1.yaml", x -> {
            x.sendResponseHeaders(200, 1);
            x.getResponseBody().write(0xff);
            x.close();
        });
        server.createContext("/gone.yaml", x -> {
            x.sendResponseHeaders(403, -1);
            x.close();
        });
        server.start();
        final SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, PemTls.trustManagers(pki.caFile()).getTrustManagers(), null);
        fetcher = new AdapterFetcher(Duration.ofSeconds(5), 16 * 1024, HttpClient.newBuilder().sslContext(clientTls));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AdapterFileSource url(final String path, final String sha) {
        return new AdapterFileSource("f", Optional.empty(),
                Optional.of(URI.create("https://localhost:" + server.getAddress().getPort() + path + "?X-Amz-Signature=s3cr3t")),
                Optional.of(sha));
    }

    @Test
    void should_download_a_file_whose_checksum_matches() {
        assertThat(fetcher.fetch(url("/ok.yaml", AdapterFetcher.sha256(YAML.getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(YAML);
    }

    @Test
    void should_refuse_a_file_whose_checksum_differs() {
        assertThatThrownBy(() -> fetcher.fetch(url("/ok.yaml", "0".repeat(64)))).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("file f: SHA-256 is ").hasMessageContaining("the job says 000");
    }

    @Test
    void should_stop_reading_at_the_limit_and_keep_the_presigned_query_out_of_the_reason() {
        assertThatThrownBy(() -> fetcher.fetch(url("/big.yaml", "0".repeat(64)))).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("file f from localhost/big.yaml: larger than fieldgate.jobs.download-max-bytes=16384")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void should_refuse_bytes_that_are_not_utf8() {
        assertThatThrownBy(() -> fetcher.fetch(url("/latin1.yaml", AdapterFetcher.sha256(new byte[] {(byte) 0xff}))))
                .isInstanceOf(JobFailedException.class).hasMessageContaining("file f: not UTF-8 text");
    }

    @Test
    void should_name_the_http_status_of_a_refused_download() {
        assertThatThrownBy(() -> fetcher.fetch(url("/gone.yaml", "0".repeat(64)))).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("HTTP 403");
    }

    @Test
    void should_refuse_plain_http_even_if_the_parser_was_bypassed() {
        final AdapterFileSource http = new AdapterFileSource("f", Optional.empty(),
                Optional.of(URI.create("http://localhost:1/x.yaml")), Optional.of("0".repeat(64)));
        assertThatThrownBy(() -> fetcher.fetch(http)).hasMessageContaining("only https downloads are allowed");
    }

    @Test
    void should_refuse_inline_content_over_the_limit() {
        assertThatThrownBy(() -> fetcher.fetch(new AdapterFileSource("f", Optional.of("x".repeat(20_000)),
                Optional.empty(), Optional.empty()))).hasMessageContaining("20000 bytes exceed");
    }
}
