package dev.fieldgate.jobs;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One adapter file of a rollout: its content inline, or a presigned HTTPS URL and the SHA-256 of what it serves.
 *
 * @param name     the adapter's name, the file is {@code <name>.yaml} in the adapter directory
 * @param content  the file's text, when inline
 * @param url      where to download it, when not inline (https only)
 * @param sha256   lower-case hex SHA-256 of the file's bytes; required with {@code url}, optional inline
 */
public record AdapterFileSource(String name, Optional<String> content, Optional<URI> url, Optional<String> sha256) {

    /** Checks that exactly one of content and url is given, and that a URL comes with its checksum. */
    public AdapterFileSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        if (content.isPresent() == url.isPresent()) {
            throw new IllegalArgumentException("file " + name + ": give either content or url");
        }
        if (url.isPresent() && sha256.isEmpty()) {
            throw new IllegalArgumentException("file " + name + ": a url needs its sha256");
        }
    }
}
