package dev.fieldgate.config;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;

/** Mutual-TLS material as PEM files, the form AWS IoT and openssl hand out. Shared by every TLS client. */
public interface TlsConfig {

    /** PEM file of the CA certificate(s) the server's certificate must chain to (AmazonRootCA1.pem for AWS). */
    Path ca();

    /** PEM file of this gateway's client certificate (may hold the chain after it). */
    Path cert();

    /** PEM file of the client certificate's private key: PKCS#1, SEC1 or unencrypted PKCS#8. Never logged. */
    Path key();

    /** TLS protocol versions offered. Default TLSv1.3, TLSv1.2. */
    @WithDefault("TLSv1.3,TLSv1.2")
    List<String> protocols();
}
