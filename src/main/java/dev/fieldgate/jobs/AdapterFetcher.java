package dev.fieldgate.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Gets the bytes of one adapter file of a rollout: inline, or from a presigned HTTPS URL. Every file is bounded in
 * bytes while it is read (never buffered whole first), must be UTF-8, and must match its SHA-256 when one is given.
 * Downloads go through the JVM's default proxy selector and authenticator: the plant's HTTP proxy
 * ({@code fieldgate.proxy.url}, {@code HTTPS_PROXY}) with its credentials. A SOCKS proxy is refused for downloads.
 */
final class AdapterFetcher {

    private final HttpClient http;
    private final Duration timeout;
    private final long maxBytes;

    /**
     * @param timeout  for connecting and for the whole download
     * @param maxBytes largest file accepted
     */
    AdapterFetcher(final Duration timeout, final long maxBytes) {
        this(timeout, maxBytes, HttpClient.newBuilder());
    }

    /** @param http a builder with the TLS trust to use (tests: a test CA); proxy and redirects are set here */
    AdapterFetcher(final Duration timeout, final long maxBytes, final HttpClient.Builder http) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxBytes = maxBytes;
        // NORMAL never follows a redirect from https to http
        // the plant's proxy (network.NetworkRoot installs it as the default) and its credentials: the JDK's client
        // uses the default authenticator only when given it
        final java.net.Authenticator credentials = java.net.Authenticator.getDefault();
        if (credentials != null) {
            http.authenticator(credentials);
        }
        this.http = http.proxy(ProxySelector.getDefault()).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * @return the file's text
     * @throws JobFailedException naming the file and what is wrong (status, size, checksum, encoding)
     */
    String fetch(final AdapterFileSource file) {
        final byte[] bytes = file.content().isPresent()
                ? file.content().get().getBytes(StandardCharsets.UTF_8) : download(file.name(), file.url().orElseThrow());
        if (bytes.length > maxBytes) {
            throw new JobFailedException("file " + file.name() + ": " + bytes.length + " bytes exceed "
                    + "fieldgate.jobs.download-max-bytes=" + maxBytes);
        }
        file.sha256().ifPresent(expected -> {
            final String actual = sha256(bytes);
            if (!actual.equals(expected)) {
                throw new JobFailedException("file " + file.name() + ": SHA-256 is " + actual + ", the job says "
                        + expected);
            }
        });
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            throw new JobFailedException("file " + file.name() + ": not UTF-8 text");
        }
    }

    private byte[] download(final String name, final URI url) {
        // the URL is presigned: its query is a credential, so messages name the host and path only
        final String where = "file " + name + " from " + url.getHost() + url.getRawPath();
        if (!"https".equals(url.getScheme())) {
            throw new JobFailedException(where + ": only https downloads are allowed");
        }
        if (ProxySelector.getDefault() != null && ProxySelector.getDefault().select(url).stream()
                .anyMatch(p -> p.type() == java.net.Proxy.Type.SOCKS)) {
            // the JDK's HTTP client cannot speak SOCKS and would connect directly, around the plant's proxy
            throw new JobFailedException(where + ": downloads cannot go through a SOCKS proxy (fieldgate.proxy.url); "
                    + "inline the file in the job document or use an HTTP proxy");
        }
        try {
            final HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new JobFailedException(where + ": HTTP " + r.statusCode());
                }
                final byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new JobFailedException(where + ": larger than fieldgate.jobs.download-max-bytes=" + maxBytes);
                }
                return bytes;
            }
        } catch (final IOException e) {
            throw new JobFailedException(where + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailedException(where + ": interrupted");
        }
    }

    static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
