package dev.fieldgate.field;

import org.jboss.logging.Logger;

import java.util.List;

/** Hands each batch to several sinks in order; one that throws does not keep the batch from the others. */
public final class FanOutSink implements ReadingSink {

    private static final Logger LOG = Logger.getLogger(FanOutSink.class);

    private final List<ReadingSink> sinks;

    /** @param sinks in the order they get each batch; the durable buffer should come first */
    public FanOutSink(final List<ReadingSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /** @return true when every sink has room: the durable one decides in practice, the others always have */
    @Override
    public boolean hasRoom(final int readings) {
        for (final ReadingSink s : sinks) {
            if (!s.hasRoom(readings)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void accept(final DeviceReadings batch) {
        for (final ReadingSink s : sinks) {
            try {
                s.accept(batch);
            } catch (final RuntimeException e) {
                LOG.errorf(e, "Readings of %s not taken by %s", batch.deviceId(), s.getClass().getSimpleName());
            }
        }
    }
}
