package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Fleet provisioning by claim ({@code fieldgate.provisioning.*}): on a first start without an identity, the
 * gateway gets its certificate and thing from AWS IoT with a claim certificate, and uses that identity from
 * then on instead of {@code fieldgate.uplink.tls.cert}/{@code key}.
 */
@ConfigMapping(prefix = "fieldgate.provisioning")
public interface ProvisioningConfig {

    /** Provision by claim when no identity exists yet. Default false. */
    @WithDefault("false")
    boolean enabled();

    /** The claim certificate (PEM), shared by a batch of gateways; used for nothing but provisioning. */
    Optional<Path> claimCert();

    /** The claim certificate's private key (PEM). */
    Optional<Path> claimKey();

    /** The fleet provisioning template's name. */
    Optional<String> template();

    /** Template parameters, e.g. {@code fieldgate.provisioning.parameters.SerialNumber=4711}. */
    Map<String, String> parameters();

    /** How long an answer of the provisioning API may take. Default 30 s. */
    @WithDefault("30s")
    Duration requestTimeout();
}
