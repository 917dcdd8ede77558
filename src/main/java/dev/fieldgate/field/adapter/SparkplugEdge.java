package dev.fieldgate.field.adapter;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The connection of a {@code sparkplug} adapter: a remote Sparkplug B edge node on the plant broker, or one of its
 * devices, read as a host application reads it (births, data by alias, deaths).
 *
 * @param group     the node's group id
 * @param edgeNode  the edge node id
 * @param device    the Sparkplug device whose DBIRTH/DDATA become readings; empty: the node's own NBIRTH/NDATA
 */
public record SparkplugEdge(String group, String edgeNode, Optional<String> device) implements FieldConnection {

    /** Checks that each id can stand as one topic level. */
    public SparkplugEdge {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(edgeNode, "edgeNode");
        Objects.requireNonNull(device, "device");
        for (final String id : device.isPresent() ? new String[] {group, edgeNode, device.get()}
                : new String[] {group, edgeNode}) {
            if (!validId(id)) {
                throw new IllegalArgumentException("'" + id + "' must be non-empty without / + #");
            }
        }
    }

    static String checkId(final YamlNode n) {
        final String id = n.nonBlank();
        if (!validId(id)) {
            throw n.problem("'" + id + "' is not a Sparkplug id: one topic level, without / + #");
        }
        return id;
    }

    private static boolean validId(final String id) {
        return !id.isEmpty() && id.length() <= 256 && !id.contains("/") && !id.contains("+") && !id.contains("#");
    }

    /** @return the filter of every message of the node and its devices. */
    @Override
    public String address() {
        return "spBv1.0/" + group + "/+/" + edgeNode + "/#";
    }

    /** @return how long a rebirth request waits for its births before it is sent again. */
    @Override
    public Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration reconnectMax() {
        return Duration.ofSeconds(30);
    }
}
