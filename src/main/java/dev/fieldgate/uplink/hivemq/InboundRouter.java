package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import dev.fieldgate.uplink.InboundMessage;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who gets which inbound message: the handlers' topic filters, subscribed on every connect, and the gate that
 * holds messages arriving before the handlers are ready.
 */
final class InboundRouter {

    private static final Logger LOG = Logger.getLogger(InboundRouter.class);
    /** Filters per SUBSCRIBE: AWS IoT Core takes at most 8. */
    private static final int FILTERS_PER_SUBSCRIBE = 8;

    /** A topic filter and who gets its messages. */
    private record Subscription(String filter, MqttTopicFilter parsed, Consumer<InboundMessage> handler) {
    }

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final InboundGate gate;

    /** @param heldBytes inbound payload bytes held while the handlers are not ready (start-up) */
    InboundRouter(final long heldBytes) {
        this.gate = new InboundGate(heldBytes);
    }

    /** Adds a handler; subscribes at once when {@code session} is connected. */
    void add(final String topicFilter, final Consumer<InboundMessage> handler, final MqttSession session) {
        subscriptions.add(new Subscription(topicFilter, MqttTopicFilter.of(topicFilter), handler));
        if (session != null && session.isConnected()) {
            subscribe(session, List.of(topicFilter));
        }
    }

    /** Subscribes every handler's filter: cheap, and right even when the broker lost the session. */
    void subscribeAll(final MqttSession session) {
        if (!subscriptions.isEmpty()) {
            subscribe(session, subscriptions.stream().map(Subscription::filter).toList());
        }
    }

    /** Lets messages reach their handlers; what arrived before is dispatched now, in order. */
    void open() {
        gate.open(this::dispatch);
    }

    /** Takes a message from the client. */
    void receive(final InboundMessage m) {
        gate.offer(m, this::dispatch);
    }

    /** Hands a message to the subscription it matches; one nobody wants is acknowledged and dropped. */
    private void dispatch(final InboundMessage m) {
        final MqttTopic topic;
        try {
            topic = MqttTopic.of(m.topic());
        } catch (final IllegalArgumentException e) {
            m.acknowledge();
            return;
        }
        for (final Subscription sub : subscriptions) {
            if (sub.parsed().matches(topic)) {
                try {
                    sub.handler().accept(m);
                } catch (final RuntimeException e) {
                    LOG.errorf(e, "Handler of %s failed on a message on %s", sub.filter(), m.topic());
                    m.acknowledge();
                }
                return;
            }
        }
        m.acknowledge();
    }

    private static void subscribe(final MqttSession s, final List<String> filters) {
        for (int i = 0; i < filters.size(); i += FILTERS_PER_SUBSCRIBE) {
            final List<String> part = filters.subList(i, Math.min(filters.size(), i + FILTERS_PER_SUBSCRIBE));
            s.subscribe(part).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.errorf("Uplink subscription to %s failed: %s", part, DisconnectKind.describe(error));
                } else {
                    LOG.debugf("Subscribed to %s", part);
                }
            });
        }
    }
}
