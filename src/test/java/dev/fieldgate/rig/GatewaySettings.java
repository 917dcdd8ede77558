package dev.fieldgate.rig;

import dev.fieldgate.demo.DemoPki;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The configuration every test gateway needs: identity, directories, and an mTLS uplink to a test broker. */
public final class GatewaySettings {

    private GatewaySettings() {
    }

    /**
     * @param gatewayId  thing name; {@code pki} must have issued {@code gateway.pem} for it
     * @param root       test directory: {@code data/} is used below it
     * @param adapters   adapter directory
     * @param pki        the test PKI
     * @param port       the broker's TLS port
     * @param version    {@code v5} or {@code v3}
     * @return mutable properties, with quick reconnects
     */
    public static Map<String, String> forBroker(final String gatewayId, final Path root, final Path adapters,
                                                final DemoPki pki, final int port, final String version) {
        final Map<String, String> c = new HashMap<>();
        c.put("fieldgate.gateway-id", gatewayId);
        c.put("fieldgate.data-dir", root.resolve("data").toString());
        c.put("fieldgate.adapters.dir", adapters.toString());
        c.put("fieldgate.adapters.profiles-dir", Path.of("adapters/profiles").toAbsolutePath().toString());
        c.put("fieldgate.uplink.host", "localhost");
        c.put("fieldgate.uplink.port", Integer.toString(port));
        c.put("fieldgate.uplink.mqtt-version", version);
        c.put("fieldgate.uplink.reconnect-initial", "200ms");
        c.put("fieldgate.uplink.reconnect-max", "1s");
        c.put("fieldgate.uplink.tls.ca", pki.caFile().toString());
        c.put("fieldgate.uplink.tls.cert", pki.dir().resolve("gateway.pem").toString());
        c.put("fieldgate.uplink.tls.key", pki.dir().resolve("gateway.key").toString());
        return c;
    }
}
