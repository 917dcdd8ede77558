package dev.fieldgate.buffer;

import java.util.Optional;

/** The gateway's durable buffer, for the layers that show or operate it (web, health). */
public interface BufferService {

    /** @return the outbox, empty until it has opened */
    Optional<Outbox> outbox();
}
