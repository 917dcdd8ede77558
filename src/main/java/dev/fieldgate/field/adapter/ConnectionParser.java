package dev.fieldgate.field.adapter;

import dev.fieldgate.field.serial.SerialLine;

import java.time.Duration;
import java.util.Locale;

/** Reads the {@code connection} mapping of an adapter file for its kind. */
final class ConnectionParser {

    private static final String[] TCP_KEYS = {"host", "port", "timeout", "reconnect-max"};
    private static final String[] SERIAL_KEYS = {"port", "baud-rate", "data-bits", "parity", "stop-bits", "timeout",
        "turnaround", "rs485", "reconnect-max"};

    private ConnectionParser() {
    }

    static FieldConnection parse(final YamlNode node, final AdapterKind kind) {
        if (kind == AdapterKind.MQTT) {
            return plantTopic(node);
        }
        if (kind == AdapterKind.SPARKPLUG) {
            return sparkplugEdge(node);
        }
        return kind.isSerial() ? serial(node, kind) : tcp(node);
    }

    private static PlantTopic plantTopic(final YamlNode node) {
        node.allowOnly("topic", "timeout");
        final YamlNode topicNode = node.required("topic");
        try {
            return new PlantTopic(topicNode.nonBlank(),
                    node.optional("timeout").map(n -> n.duration(Duration.ofSeconds(1), Duration.ofHours(24)))
                            .orElse(Duration.ofSeconds(60)));
        } catch (final IllegalArgumentException e) {
            throw topicNode.problem(e.getMessage());
        }
    }

    private static SparkplugEdge sparkplugEdge(final YamlNode node) {
        node.allowOnly("group", "edge-node", "device");
        final String group = SparkplugEdge.checkId(node.required("group"));
        final String edgeNode = SparkplugEdge.checkId(node.required("edge-node"));
        return new SparkplugEdge(group, edgeNode, node.optional("device").map(SparkplugEdge::checkId));
    }

    private static TcpEndpoint tcp(final YamlNode node) {
        node.allowOnly(TCP_KEYS);
        final String host = node.required("host").nonBlank();
        if (!host.matches("[A-Za-z0-9.:_\\[\\]-]{1,253}")) {
            throw node.required("host").problem("'" + host + "' is not a host name or IP address");
        }
        return new TcpEndpoint(host,
                node.optional("port").map(n -> n.integer(1, 65535)).orElse(502),
                node.optional("timeout").map(n -> n.duration(Duration.ofMillis(50), Duration.ofSeconds(60)))
                        .orElse(Duration.ofSeconds(1)),
                reconnectMax(node));
    }

    private static SerialLine serial(final YamlNode node, final AdapterKind kind) {
        node.allowOnly(SERIAL_KEYS);
        final YamlNode portNode = node.required("port");
        final String port = portNode.nonBlank();
        if (!port.matches("(/[A-Za-z0-9._+:@-]+)+|COM[0-9]{1,3}")) {
            throw portNode.problem("'" + port + "' is not a serial device path such as /dev/ttyUSB0");
        }
        final YamlNode parityNode = node.optional("parity").orElse(null);
        final SerialLine.Parity parity = parityNode == null ? SerialLine.Parity.NONE : parity(parityNode);
        // a sensor that prints once a second is not mute before several seconds of silence
        final Duration defaultTimeout = kind == AdapterKind.SERIAL_SENSOR ? Duration.ofSeconds(10) : Duration.ofSeconds(1);
        try {
            return new SerialLine(port,
                    node.optional("baud-rate").map(n -> n.integer(300, 4_000_000)).orElse(9600),
                    node.optional("data-bits").map(n -> n.integer(5, 8)).orElse(8),
                    parity,
                    node.optional("stop-bits").map(n -> n.integer(1, 2)).orElse(1),
                    node.optional("timeout").map(n -> n.duration(Duration.ofMillis(20), Duration.ofMinutes(10)))
                            .orElse(defaultTimeout),
                    node.optional("turnaround").map(n -> n.duration(Duration.ZERO, Duration.ofSeconds(5)))
                            .orElse(Duration.ZERO),
                    node.optional("rs485").map(YamlNode::bool).orElse(false),
                    reconnectMax(node));
        } catch (final IllegalArgumentException e) {
            throw node.problem(e.getMessage());
        }
    }

    private static SerialLine.Parity parity(final YamlNode n) {
        try {
            return SerialLine.Parity.valueOf(n.text().trim().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw n.problem("'" + n.text() + "' is not none, even or odd");
        }
    }

    private static Duration reconnectMax(final YamlNode node) {
        return node.optional("reconnect-max").map(n -> n.duration(Duration.ofSeconds(1), Duration.ofHours(1)))
                .orElse(Duration.ofSeconds(60));
    }
}
