package dev.fieldgate.uplink.sigv4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Credentials printed by an external command in the AWS CLI's {@code credential_process} format: JSON with
 * {@code Version} 1, {@code AccessKeyId}, {@code SecretAccessKey}, optional {@code SessionToken} and
 * {@code Expiration} (ISO 8601). Unlike the AWS CLI, which waits as long as the command runs and shows its stderr in
 * the error, the command here has a deadline, its output is bounded, and its stderr is counted but never shown: a
 * failing helper may print a token there.
 */
final class ProcessCredentials {

    /** The most stdout read; the AWS SDK for Java v2 uses the same bound. */
    static final int MAX_OUTPUT_BYTES = 64_000;
    /** The most stderr drained (and thrown away) so that the command never blocks on a full pipe. */
    static final int MAX_STDERR_BYTES = 64_000;

    private static final Logger LOG = Logger.getLogger(ProcessCredentials.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String command;
    private final Duration timeout;
    private final String origin;

    /**
     * @param command the command line, split like the AWS CLI splits it (no shell)
     * @param timeout the command must exit within this long
     * @param origin where the command was configured, for messages (never the command itself: it may hold secrets)
     */
    ProcessCredentials(final String command, final Duration timeout, final String origin) {
        this.command = Objects.requireNonNull(command, "command");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /**
     * @param now the current time; credentials already expired then are refused
     * @return the credentials the command printed
     * @throws SigV4Exception when the command cannot run, fails, times out or prints no valid credentials
     */
    AwsCredentials run(final Instant now) {
        final List<String> words = ShellWords.split(command);
        if (words.isEmpty()) {
            throw new SigV4Exception("the credential process of " + origin + " is empty", false);
        }
        LOG.debugf("Running the credential process of %s (%s)", origin, words.get(0));
        final byte[] out = execute(words);
        final AwsCredentials credentials = parse(out, now);
        LOG.debugf("Running the credential process of %s done: key %s, expires %s", origin,
                credentials.accessKeyId(), credentials.expiration().map(Instant::toString).orElse("never"));
        return credentials;
    }

    private byte[] execute(final List<String> words) {
        final Process process;
        try {
            process = new ProcessBuilder(words).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (final IOException e) {
            throw new SigV4Exception("cannot start the credential process of " + origin + " ('" + words.get(0)
                    + "'): " + e.getClass().getSimpleName(), false);
        }
        try {
            process.getOutputStream().close();
            final CompletableFuture<Bounded> out = drain(process.getInputStream(), MAX_OUTPUT_BYTES);
            final CompletableFuture<Bounded> err = drain(process.getErrorStream(), MAX_STDERR_BYTES);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SigV4Exception("the credential process of " + origin + " did not finish within "
                        + timeout.toMillis() + " ms", true);
            }
            final Bounded stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final Bounded stderr = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                throw new SigV4Exception("the credential process of " + origin + " exited with "
                        + process.exitValue() + " (" + stderr.total + " bytes on stderr, not shown: they may hold "
                        + "secrets; run the command by hand to read them)", true);
            }
            if (stdout.total > MAX_OUTPUT_BYTES) {
                throw new SigV4Exception("the credential process of " + origin + " printed more than "
                        + MAX_OUTPUT_BYTES + " bytes", false);
            }
            return stdout.bytes;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigV4Exception("interrupted while running the credential process of " + origin, true);
        } catch (final ExecutionException | TimeoutException | IOException e) {
            throw new SigV4Exception("cannot read the output of the credential process of " + origin + ": "
                    + e.getClass().getSimpleName(), true);
        } finally {
            process.destroyForcibly();
        }
    }

    /** The first {@code limit} bytes of a stream and how many it had in all. */
    private record Bounded(byte[] bytes, long total) {
    }

    private static CompletableFuture<Bounded> drain(final InputStream in, final int limit) {
        final CompletableFuture<Bounded> result = new CompletableFuture<>();
        final Thread reader = new Thread(() -> {
            final ByteArrayOutputStream kept = new ByteArrayOutputStream();
            final byte[] buffer = new byte[4096];
            long total = 0;
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    kept.write(buffer, 0, (int) Math.max(0, Math.min(n, limit - total)));
                    total += n;
                }
                result.complete(new Bounded(kept.toByteArray(), total));
            } catch (final IOException e) {
                result.completeExceptionally(e);
            }
        }, "sigv4-credential-process");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    private AwsCredentials parse(final byte[] out, final Instant now) {
        final JsonNode json;
        try {
            json = JSON.readTree(out);
        } catch (final IOException e) {
            // Jackson's message quotes the offending token, which may be part of a secret
            throw new SigV4Exception("the credential process of " + origin + " printed no JSON object", false);
        }
        if (json == null || !json.isObject()) {
            throw new SigV4Exception("the credential process of " + origin + " printed no JSON object", false);
        }
        if (!json.path("Version").isInt() || json.path("Version").intValue() != 1) {
            throw new SigV4Exception("the credential process of " + origin + " printed Version "
                    + json.path("Version").toString() + ", only Version 1 is known", false);
        }
        final String keyId = text(json, "AccessKeyId").orElseThrow(() -> absent("AccessKeyId"));
        final String secret = text(json, "SecretAccessKey").orElseThrow(() -> absent("SecretAccessKey"));
        final Optional<Instant> expiration = text(json, "Expiration").map(this::instant);
        if (expiration.isPresent() && !expiration.get().isAfter(now)) {
            throw new SigV4Exception("the credential process of " + origin + " returned credentials that expired at "
                    + expiration.get(), true);
        }
        return new AwsCredentials(keyId, secret, text(json, "SessionToken"), expiration,
                "credential process of " + origin);
    }

    private Instant instant(final String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (final DateTimeParseException e) {
            throw new SigV4Exception("the credential process of " + origin + " printed an Expiration that is not "
                    + "ISO 8601: " + text, false);
        }
    }

    private SigV4Exception absent(final String field) {
        return new SigV4Exception("the credential process of " + origin + " printed no " + field, false);
    }

    private static Optional<String> text(final JsonNode json, final String field) {
        final JsonNode node = json.get(field);
        return node == null || !node.isTextual() || node.textValue().isBlank()
                ? Optional.empty() : Optional.of(node.textValue());
    }
}
