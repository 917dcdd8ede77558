package dev.fieldgate.sparkplug;

import org.jboss.logging.Logger;

/**
 * Routes what arrives on the node's subscriptions: the primary host's STATE, NCMD (rebirth) and DCMD (writes).
 * A malformed message is counted and logged with its topic, never thrown: the session must outlive any payload.
 */
final class CommandDispatch {

    private static final Logger LOG = Logger.getLogger(CommandDispatch.class);

    private final NodeIds ids;
    private final EdgeNode node;
    private final DcmdWriter writer;
    private final SparkplugMetrics metrics;

    CommandDispatch(final NodeIds ids, final EdgeNode node, final DcmdWriter writer, final SparkplugMetrics metrics) {
        this.ids = ids;
        this.node = node;
        this.writer = writer;
        this.metrics = metrics;
    }

    void dispatch(final String topic, final byte[] payload) {
        try {
            if (ids.primaryHost().isPresent() && topic.equals(SparkplugTopic.state(ids.primaryHost().get()))) {
                node.hostState(HostState.decode(payload));
                return;
            }
            final SparkplugTopic t = SparkplugTopic.parse(topic);
            if (!t.group().equals(ids.group()) || !t.edgeNode().equals(ids.edgeNode())) {
                return;
            }
            final SparkplugPayload p = SparkplugCodec.decode(payload);
            if (t.type() == MessageType.NCMD) {
                ncmd(p);
            } else if (t.type() == MessageType.DCMD) {
                writer.write(t.device().orElseThrow(), p.metrics());
            }
        } catch (final SparkplugDecodeException e) {
            metrics.malformed.increment();
            LOG.warnf("Sparkplug message on %s dropped: %s", topic, e.getMessage());
        } catch (final RuntimeException e) {
            metrics.malformed.increment();
            LOG.errorf(e, "Sparkplug message on %s could not be handled", topic);
        }
    }

    private void ncmd(final SparkplugPayload p) {
        for (final Metric m : p.metrics()) {
            if (m.name().filter(NodeMessages.REBIRTH::equals).isPresent() && Boolean.TRUE.equals(m.value())) {
                node.rebirth();
            } else {
                metrics.commandsRefused.increment();
                LOG.warnf("NCMD metric %s refused: this node only takes %s = true",
                        m.name().orElse("#" + m.alias().orElse(-1)), NodeMessages.REBIRTH);
            }
        }
    }
}
