package dev.fieldgate.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class JobDocumentParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "a".repeat(64);
    private static final String GOOD = "{\"operation\":\"fieldgate.adapters\",\"files\":["
            + "{\"name\":\"boiler\",\"content\":\"kind: modbus-tcp\\n\"},"
            + "{\"name\":\"press-2\",\"url\":\"https://bucket.s3.amazonaws.com/press.yaml?X-Amz-Signature=abc\","
            + "\"sha256\":\"" + SHA + "\"}]}";

    private static JobDocument parse(final String json) throws Exception {
        return JobDocumentParser.parse(JSON.readTree(json), json.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void should_read_an_adapter_rollout_with_inline_and_downloaded_files() throws Exception {
        final AdapterRolloutDocument d = (AdapterRolloutDocument) parse(GOOD);
        assertThat(d.files()).hasSize(2);
        assertThat(d.files().get(0).content()).contains("kind: modbus-tcp\n");
        assertThat(d.files().get(1).url().orElseThrow().getHost()).isEqualTo("bucket.s3.amazonaws.com");
        assertThat(d.files().get(1).sha256()).contains(SHA);
    }

    @Test
    void should_read_a_certificate_rotation() throws Exception {
        assertThat(parse("{\"operation\":\"fieldgate.rotate-certificate\"}")).isInstanceOf(RotateCertificateDocument.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                                                                   | jobDocument: must be a JSON object",
        "{}                                                                   | operation: missing",
        "{\"operation\":7}                                                    | operation: missing or not a string",
        "{\"operation\":\"fieldgate.reboot\"}                                 | operation: unknown 'fieldgate.reboot'",
        "{\"operation\":\"fieldgate.rotate-certificate\",\"ca\":\"x\"}        | ca: unknown field",
        "{\"operation\":\"fieldgate.adapters\"}                               | files: must be a non-empty array",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[]}                  | files: must be a non-empty array",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[1]}                 | files[0]: must be an object",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"content\":\"x\"}]} | files[0].name: missing",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"../etc/passwd\",\"content\":\"x\"}]} | files[0].name: '../etc/passwd' must be",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"Boiler\",\"content\":\"x\"}]} | files[0].name: 'Boiler' must be",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\"}]}  | files[0]: give exactly one of content and url",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"content\":\"x\",\"url\":\"https://h/x\"}]} | files[0]: give exactly one",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"url\":\"https://h/x\"}]} | files[0].sha256: required with url",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"content\":\"x\",\"sha256\":\"ABC\"}]} | files[0].sha256: must be 64 lower-case hex",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"content\":1}]} | files[0].content: must be a string",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"content\":\"x\",\"mode\":\"777\"}]} | files[0].mode: unknown field",
        "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"content\":\"x\"},{\"name\":\"b\",\"content\":\"y\"}]} | files[1].name: 'b' appears twice",
    })
    void should_reject_a_malformed_document_naming_the_field(final String json, final String reason) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(JobDocumentException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://bucket.example/a.yaml     | must be an https URL",
        "file:///etc/shadow               | must be an https URL",
        "https:///nohost                  | must be an https URL with a host",
        "https://user:pw@host/a.yaml      | must not carry user info",
        "https://host/a b                 | not a URL",
    })
    void should_accept_only_plain_https_urls(final String url, final String reason) {
        final String json = "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"url\":\"" + url
                + "\",\"sha256\":\"" + SHA + "\"}]}";
        assertThatThrownBy(() -> parse(json)).isInstanceOf(JobDocumentException.class)
                .hasMessageContaining("files[0].url: " + reason);
    }

    @Test
    void should_reject_a_document_over_32_KB() throws Exception {
        final String big = "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"b\",\"content\":\""
                + "x".repeat(33 * 1024) + "\"}]}";
        assertThatThrownBy(() -> parse(big)).isInstanceOf(JobDocumentException.class)
                .hasMessageContaining("exceed the limit of 32768");
    }

    @Test
    void should_keep_control_characters_out_of_the_reason() {
        assertThatThrownBy(() -> parse("{\"operation\":\"a\\u0007\\nb\"}")).isInstanceOf(JobDocumentException.class)
                .hasMessageContaining("'a??b'");
    }

    @Test
    void should_answer_every_mutated_document_with_a_document_or_a_reason() {
        // like the command fuzz test: random edits of a good document never escape as another exception
        final Random random = new Random(20261203);
        int rejected = 0;
        for (int i = 0; i < 5000; i++) {
            final String mutated = mutate(GOOD, random);
            final JsonNode tree;
            try {
                tree = JSON.readTree(mutated);
            } catch (final Exception e) {
                continue;   // not JSON: the agent's message reader refuses it before the parser sees it
            }
            try {
                final JobDocument d = JobDocumentParser.parse(tree, mutated.length());
                assertThat(d.operation()).startsWith("fieldgate.");
            } catch (final JobDocumentException e) {
                rejected++;
                assertThat(e.getMessage()).contains(": ");
            } catch (final RuntimeException e) {
                fail("mutation " + i + " escaped as " + e + ": " + mutated);
            }
        }
        assertThat(rejected).isGreaterThan(100);
    }

    private static String mutate(final String s, final Random random) {
        final StringBuilder b = new StringBuilder(s);
        final String noise = "{}[]\",:\\0aZ-./ \u0000\u00e9";
        for (int edits = 1 + random.nextInt(3); edits > 0 && b.length() > 1; edits--) {
            final int at = random.nextInt(b.length());
            switch (random.nextInt(5)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, noise.charAt(random.nextInt(noise.length())));
                case 2 -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 3 -> b.replace(0, b.length(), b.toString().replaceFirst("\"content\"", "\"url\""));
                default -> b.replace(0, b.length(), b.toString().replaceFirst("https", random.nextBoolean() ? "http" : "ftp"));
            }
        }
        return b.toString();
    }
}
