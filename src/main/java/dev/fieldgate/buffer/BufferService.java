package dev.fieldgate.buffer;

import dev.fieldgate.config.MemoryBudget;

import java.util.Optional;

/** The gateway's durable buffer, for the capabilities that write to or drain it and the layers that show it. */
public interface BufferService {

    /** @return the outbox, empty until it has opened */
    Optional<Outbox> outbox();

    /**
     * @return the opened outbox, for the capabilities that start after it
     * @throws IllegalStateException when called before the buffer opened (a start-order mistake)
     */
    default Outbox opened() {
        return outbox().orElseThrow(() -> new IllegalStateException(
                "the outbox is not open yet: a capability started before the buffer"));
    }

    /** @return the memory budget shared out between the buffer and the uplink */
    MemoryBudget memory();
}
