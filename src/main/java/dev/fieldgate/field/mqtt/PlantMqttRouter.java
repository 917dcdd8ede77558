package dev.fieldgate.field.mqtt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hands each message from the plant broker to the readers whose topic filter matches it. Thread-safe. */
public final class PlantMqttRouter {

    private final List<PlantMqttReader> readers = new CopyOnWriteArrayList<>();

    void add(final PlantMqttReader reader) {
        readers.add(reader);
    }

    void remove(final PlantMqttReader reader) {
        readers.remove(reader);
    }

    /** @return how many readers listen. */
    public int size() {
        return readers.size();
    }

    /** Delivers a message. @return how many readers took it */
    public int dispatch(final String topic, final byte[] payload) {
        int taken = 0;
        for (final PlantMqttReader r : readers) {
            if (TopicFilter.matches(r.topicFilter(), topic)) {
                r.onMessage(payload);
                taken++;
            }
        }
        return taken;
    }

    /** Lets every reader check for silence. */
    public void checkSilence() {
        final long now = System.currentTimeMillis();
        readers.forEach(r -> r.checkSilence(now));
    }
}
