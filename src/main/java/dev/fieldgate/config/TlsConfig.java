package dev.fieldgate.config;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Mutual-TLS material as PEM files, the form AWS IoT and openssl hand out. Shared by every TLS client. */
public interface TlsConfig {

    /** PEM file of the CA certificate(s) the server's certificate must chain to (AmazonRootCA1.pem for AWS). */
    Path ca();

    /**
     * PEM file of this gateway's client certificate (may hold the chain after it: append the CA for just-in-time
     * registration). Required by the transports that authenticate with it (mqtts, mqtts-alpn, wss).
     */
    Optional<Path> cert();

    /** PEM file of the client certificate's private key: PKCS#1, SEC1 or unencrypted PKCS#8. Never logged. */
    Optional<Path> key();

    /** TLS protocol versions offered. Default TLSv1.3, TLSv1.2. */
    @WithDefault("TLSv1.3,TLSv1.2")
    List<String> protocols();
}
