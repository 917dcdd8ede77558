package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * The plant's outbound proxy ({@code fieldgate.proxy.*}), used by every outbound connection: the uplink,
 * provisioning, secure tunnels and downloads. When not set, the usual environment variables apply
 * ({@code HTTPS_PROXY}, then {@code ALL_PROXY}, with {@code NO_PROXY}), lower-case names too.
 */
@ConfigMapping(prefix = "fieldgate.proxy")
public interface ProxyConfig {

    /**
     * {@code http://[user:password@]host:port} (HTTP CONNECT, optional basic authentication) or
     * {@code socks5://[user:password@]host:port}. The password is never logged.
     */
    Optional<String> url();

    /**
     * Hosts reached directly: a host or domain (it and every host below it; a leading {@code .} or {@code *.} changes nothing),
     * an IP address, or {@code *} for all. Default from {@code NO_PROXY}.
     */
    Optional<List<String>> noProxy();
}
