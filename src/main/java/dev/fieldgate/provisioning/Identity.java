package dev.fieldgate.provisioning;

import java.nio.file.Path;

/**
 * The gateway's own certificate and key, as files.
 *
 * @param thingName  the thing the certificate is attached to
 * @param cert       certificate (PEM)
 * @param key        private key (PEM, owner-only)
 */
public record Identity(String thingName, Path cert, Path key) {
}
