package dev.fieldgate.sparkplug;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A topic of the Sparkplug B namespace (spec 4.1): {@code spBv1.0/<group>/<type>/<edge node>[/<device>]}.
 *
 * @param group     the group id
 * @param type      the message type
 * @param edgeNode  the edge node id
 * @param device    the device id, present exactly for device-level types
 */
public record SparkplugTopic(String group, MessageType type, String edgeNode, Optional<String> device) {

    /** The namespace's first level for Sparkplug B (spec 4.1.1). */
    public static final String NAMESPACE = "spBv1.0";

    // spec 4.1.1: ids are valid UTF-8 without the MQTT separators and wildcards
    private static final Pattern ID = Pattern.compile("[^/+#]+");

    /** Checks every id and that a device is named exactly for device-level types. */
    public SparkplugTopic {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(device, "device");
        checkId("group id", group);
        checkId("edge node id", edgeNode);
        device.ifPresent(d -> checkId("device id", d));
        if (type.isDeviceLevel() != device.isPresent()) {
            throw new IllegalArgumentException(type + (type.isDeviceLevel() ? " needs" : " takes no") + " device id");
        }
    }

    /** @return the topic of a node-level message. */
    public static SparkplugTopic node(final String group, final MessageType type, final String edgeNode) {
        return new SparkplugTopic(group, type, edgeNode, Optional.empty());
    }

    /** @return the topic of a device-level message. */
    public static SparkplugTopic device(final String group, final MessageType type, final String edgeNode,
                                        final String device) {
        return new SparkplugTopic(group, type, edgeNode, Optional.of(device));
    }

    /** @return the STATE topic of a host application (spec 3.0, 4.1.3): {@code spBv1.0/STATE/<host id>}. */
    public static String state(final String hostId) {
        checkId("host id", hostId);
        return NAMESPACE + "/STATE/" + hostId;
    }

    /**
     * @param topic a received topic
     * @return the parsed topic
     * @throws SparkplugDecodeException when it is not a Sparkplug B edge-node or device topic
     */
    public static SparkplugTopic parse(final String topic) {
        final String[] l = topic.split("/", -1);
        if (l.length < 4 || l.length > 5 || !l[0].equals(NAMESPACE)) {
            throw new SparkplugDecodeException("'" + topic + "' is not a " + NAMESPACE + " edge node topic");
        }
        final MessageType type;
        try {
            type = MessageType.valueOf(l[2]);
        } catch (final IllegalArgumentException e) {
            throw new SparkplugDecodeException("'" + l[2] + "' is not a Sparkplug message type");
        }
        try {
            return new SparkplugTopic(l[1], type, l[3], l.length == 5 ? Optional.of(l[4]) : Optional.empty());
        } catch (final IllegalArgumentException e) {
            throw new SparkplugDecodeException("'" + topic + "': " + e.getMessage());
        }
    }

    /** Checks that an id may stand as one topic level. @throws IllegalArgumentException naming the id */
    public static void checkId(final String what, final String id) {
        Objects.requireNonNull(id, what);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " '" + id + "' must be non-empty without / + #");
        }
    }

    @Override
    public String toString() {
        return NAMESPACE + "/" + group + "/" + type + "/" + edgeNode + device.map(d -> "/" + d).orElse("");
    }
}
