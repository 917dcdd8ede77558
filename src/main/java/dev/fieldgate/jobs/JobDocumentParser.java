package dev.fieldgate.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates job documents. Everything in a document is hostile until checked here: unknown fields are refused
 * (a typo must not be ignored into a different rollout), every string is bounded, and each refusal names the
 * field at fault, because the reason goes back to the operator in the REJECTED update's statusDetails.
 */
public final class JobDocumentParser {

    /** AWS IoT Jobs limit on a job document (cloud-protocols §3.1). */
    public static final int MAX_DOCUMENT_BYTES = 32 * 1024;
    /** The adapter file names the gateway loads and the page saves. */
    static final Pattern ADAPTER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_FILES = 64;
    private static final int MAX_URL_CHARS = 2048;

    private JobDocumentParser() {
    }

    /**
     * @param document      the execution's {@code jobDocument}
     * @param documentBytes its size as received, in bytes
     * @return the validated document
     * @throws JobDocumentException naming the field and the problem
     * @throws NullPointerException when document is null
     */
    public static JobDocument parse(final JsonNode document, final int documentBytes) {
        if (documentBytes > MAX_DOCUMENT_BYTES) {
            throw new JobDocumentException("jobDocument: " + documentBytes + " bytes exceed the limit of "
                    + MAX_DOCUMENT_BYTES);
        }
        if (document == null || !document.isObject()) {
            throw new JobDocumentException("jobDocument: must be a JSON object");
        }
        final JsonNode op = document.get("operation");
        if (op == null || !op.isTextual()) {
            throw new JobDocumentException("operation: missing or not a string; known: "
                    + AdapterRolloutDocument.OPERATION + ", " + RotateCertificateDocument.OPERATION);
        }
        switch (op.asText()) {
            case AdapterRolloutDocument.OPERATION:
                allowOnly(document, "", Set.of("operation", "files"));
                return new AdapterRolloutDocument(files(document.get("files")));
            case RotateCertificateDocument.OPERATION:
                allowOnly(document, "", Set.of("operation"));
                return new RotateCertificateDocument();
            default:
                throw new JobDocumentException("operation: unknown '" + printable(op.asText()) + "'; known: "
                        + AdapterRolloutDocument.OPERATION + ", " + RotateCertificateDocument.OPERATION);
        }
    }

    private static List<AdapterFileSource> files(final JsonNode files) {
        if (files == null || !files.isArray() || files.isEmpty()) {
            throw new JobDocumentException("files: must be a non-empty array");
        }
        if (files.size() > MAX_FILES) {
            throw new JobDocumentException("files: " + files.size() + " entries, at most " + MAX_FILES);
        }
        final List<AdapterFileSource> out = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            final AdapterFileSource f = file(files.get(i), "files[" + i + "]");
            if (!names.add(f.name())) {
                throw new JobDocumentException("files[" + i + "].name: '" + f.name() + "' appears twice");
            }
            out.add(f);
        }
        return out;
    }

    private static AdapterFileSource file(final JsonNode f, final String at) {
        if (!f.isObject()) {
            throw new JobDocumentException(at + ": must be an object");
        }
        allowOnly(f, at + ".", Set.of("name", "content", "url", "sha256"));
        final String name = text(f, at, "name").orElseThrow(() -> new JobDocumentException(at + ".name: missing"));
        if (!ADAPTER_NAME.matcher(name).matches()) {
            throw new JobDocumentException(at + ".name: '" + printable(name) + "' must be 1-64 of a-z 0-9 _ - "
                    + "starting with a letter or digit");
        }
        final Optional<String> content = text(f, at, "content");
        final Optional<String> url = text(f, at, "url");
        final Optional<String> sha = text(f, at, "sha256");
        if (content.isPresent() == url.isPresent()) {
            throw new JobDocumentException(at + ": give exactly one of content and url");
        }
        if (sha.isPresent() && !SHA256.matcher(sha.get()).matches()) {
            throw new JobDocumentException(at + ".sha256: must be 64 lower-case hex digits");
        }
        if (url.isPresent() && sha.isEmpty()) {
            throw new JobDocumentException(at + ".sha256: required with url, the download is checked against it");
        }
        return new AdapterFileSource(name, content, url.map(u -> httpsUrl(u, at + ".url")), sha);
    }

    private static URI httpsUrl(final String url, final String at) {
        if (url.length() > MAX_URL_CHARS) {
            throw new JobDocumentException(at + ": longer than " + MAX_URL_CHARS + " characters");
        }
        try {
            final URI u = new URI(url);
            if (!"https".equals(u.getScheme()) || u.getHost() == null || u.getHost().isEmpty()) {
                throw new JobDocumentException(at + ": must be an https URL with a host");
            }
            if (u.getRawUserInfo() != null) {
                throw new JobDocumentException(at + ": must not carry user info");
            }
            return u;
        } catch (final URISyntaxException e) {
            throw new JobDocumentException(at + ": not a URL (" + e.getReason() + ")");
        }
    }

    private static Optional<String> text(final JsonNode o, final String at, final String field) {
        final JsonNode v = o.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new JobDocumentException(at + "." + field + ": must be a string");
        }
        return Optional.of(v.asText());
    }

    private static void allowOnly(final JsonNode o, final String at, final Set<String> allowed) {
        for (final Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            final String n = names.next();
            if (!allowed.contains(n)) {
                throw new JobDocumentException(at + printable(n) + ": unknown field; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** Operator text echoed in a reason: bounded and without control characters. */
    static String printable(final String s) {
        final String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
