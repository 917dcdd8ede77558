package dev.fieldgate.config;

import java.util.Optional;

/**
 * An AWS IoT Core custom authorizer ({@code fieldgate.uplink.custom-auth.*}): the name of the authorizer and what
 * the gateway presents to it. Either a token (with its signature when the authorizer has signing enabled) or a
 * user name and password, or both; the authorizer's Lambda decides. Tokens, signatures and passwords are never
 * logged.
 */
public interface CustomAuthConfig {

    /** Name of the authorizer, sent as {@code x-amz-customauthorizer-name}. Required by the custom-auth transports. */
    Optional<String> authorizerName();

    /** Name of the token header or query parameter the authorizer reads (its {@code tokenKeyName}). */
    Optional<String> tokenKeyName();

    /** The token. Secret. */
    Optional<String> token();

    /** Signature of the token with the authorizer's signing key (base64), when token signing is enabled. Secret. */
    Optional<String> tokenSignature();

    /** MQTT user name handed to the authorizer. */
    Optional<String> username();

    /** MQTT password handed to the authorizer. Secret. */
    Optional<String> password();
}
