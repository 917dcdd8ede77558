package dev.fieldgate.uplink;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files the uplink authenticates with.
 *
 * @param cert client certificate (PEM)
 * @param key  its private key (PEM, owner-only)
 */
public record ClientCertificate(Path cert, Path key) {

    /** Checks both are given. */
    public ClientCertificate {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }
}
