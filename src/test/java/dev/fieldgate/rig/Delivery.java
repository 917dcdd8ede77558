package dev.fieldgate.rig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on what a broker received, as a consumer that drops duplicates by message id sees it. */
public final class Delivery {

    private Delivery() {
    }

    /**
     * Checks that, duplicates dropped, each device's messages arrived in the order they were accepted, within
     * each lane of the drain policy: live messages in order among themselves, backlog messages (marked
     * {@code "backlog":true}) in order among themselves.
     *
     * @param received  messages in arrival order
     * @return the outbox sequence numbers of each device, first copies only, for further checks
     */
    public static Map<String, List<Long>> assertInOrderPerDevice(final List<CapturedMessage> received) {
        final Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
        final Map<String, List<Long>> perLane = new LinkedHashMap<>();
        for (final CapturedMessage m : received) {
            final List<Long> seqs = firstSeen.computeIfAbsent(m.device(), d -> new ArrayList<>());
            if (!seqs.contains(m.sequence())) {
                seqs.add(m.sequence());
                perLane.computeIfAbsent(m.device() + (m.backlog() ? " (backlog)" : " (live)"), d -> new ArrayList<>())
                        .add(m.sequence());
            }
        }
        perLane.forEach((lane, seqs) -> assertThat(seqs).as("order of %s", lane).isSorted());
        return firstSeen;
    }
}
