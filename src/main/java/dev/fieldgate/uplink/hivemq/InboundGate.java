package dev.fieldgate.uplink.hivemq;

import dev.fieldgate.uplink.InboundMessage;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds what the broker delivers before the gateway's handlers are subscribed. The uplink connects as early
 * as start-up allows, so that buffered readings start to flow while adapters and handlers are still being set
 * up; a persistent session may then hand over queued commands at once. Those wait here, unacknowledged (so
 * the broker still owns them), and go to the handlers in arrival order once {@link #open} is called.
 * Bounded in bytes: beyond the bound a message is acknowledged and dropped, logged.
 */
final class InboundGate {

    private static final Logger LOG = Logger.getLogger(InboundGate.class);

    private final long maxBytes;
    private final List<InboundMessage> held = new ArrayList<>();
    private long heldBytes;
    private Consumer<InboundMessage> target;

    /** @param maxBytes payload bytes held at most before the gate opens */
    InboundGate(final long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Dispatches {@code m} now when open, else holds it. Thread-safe. */
    void offer(final InboundMessage m, final Consumer<InboundMessage> dispatch) {
        synchronized (this) {
            if (target == null) {
                if (heldBytes + m.payload().length <= maxBytes) {
                    held.add(m);
                    heldBytes += m.payload().length;
                    return;
                }
                LOG.warnf("Message on %s arrived before the gateway's handlers were ready and over the %d bytes "
                        + "held meanwhile; dropped", m.topic(), maxBytes);
                m.acknowledge();
                return;
            }
        }
        dispatch.accept(m);
    }

    /**
     * Opens the gate: what was held goes to {@code dispatch} in arrival order, then every new message. The held
     * ones are handed over under the lock, so a message arriving meanwhile waits and cannot overtake them.
     */
    void open(final Consumer<InboundMessage> dispatch) {
        synchronized (this) {
            if (target != null) {
                return;
            }
            held.forEach(dispatch);
            held.clear();
            heldBytes = 0;
            target = dispatch;
        }
    }
}
