package dev.fieldgate.field.modbus;

import dev.fieldgate.field.Device;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of one device that share a poll interval, their planned requests and their schedule.
 * Owned by one poller thread; not thread-safe.
 */
final class PollGroup {

    final Device device;
    final Duration interval;
    final List<ReadBlock> blocks;
    /** Readings one poll produces: what back-pressure asks the sink room for. */
    final int pointCount;
    long nextDueNanos;
    int consecutiveFailures;
    private final Map<String, String> lastBadState = new HashMap<>();

    PollGroup(final Device device, final Duration interval, final List<ReadBlock> blocks, final long firstDueNanos) {
        this.device = device;
        this.interval = interval;
        this.blocks = List.copyOf(blocks);
        this.pointCount = this.blocks.stream().mapToInt(b -> b.points().size()).sum();
        this.nextDueNanos = firstDueNanos;
    }

    /**
     * Keeps good readings and the first reading of each bad state; repeats of an unchanged bad state are
     * dropped so that a dead device does not fill the buffer and the uplink with the same news.
     */
    List<Reading> newsOnly(final List<Reading> readings) {
        final List<Reading> out = new ArrayList<>(readings.size());
        for (final Reading r : readings) {
            if (r.quality() == Quality.GOOD) {
                lastBadState.remove(r.point());
                out.add(r);
            } else {
                final String state = r.quality() + "|" + r.detail();
                if (!state.equals(lastBadState.put(r.point(), state))) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
