package dev.fieldgate.sparkplug;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the edge node is in the namespace.
 *
 * @param group        the group id
 * @param edgeNode     the edge node id
 * @param primaryHost  the primary host application whose STATE gates the births, if any
 */
public record NodeIds(String group, String edgeNode, Optional<String> primaryHost) {

    /** Checks that each id can stand as one topic level. */
    public NodeIds {
        SparkplugTopic.checkId("fieldgate.sparkplug.group-id", group);
        SparkplugTopic.checkId("fieldgate.sparkplug.edge-node-id", edgeNode);
        Objects.requireNonNull(primaryHost, "primaryHost").ifPresent(h ->
                SparkplugTopic.checkId("fieldgate.sparkplug.primary-host-id", h));
    }

    /** @return the filters the node subscribes to: its NCMD and DCMD, and the primary host's STATE. */
    List<String> subscriptions() {
        final List<String> s = new ArrayList<>(List.of(
                SparkplugTopic.node(group, MessageType.NCMD, edgeNode).toString(),
                SparkplugTopic.NAMESPACE + "/" + group + "/DCMD/" + edgeNode + "/+"));
        primaryHost.ifPresent(h -> s.add(SparkplugTopic.state(h)));
        return s;
    }
}
