package dev.fieldgate.uplink;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The pacer's booked slots keep every second within the quota, not just the average. */
class PublishPacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void should_keep_any_second_within_the_publish_and_byte_quota() {
        // messages up to 7 % of a second's bytes, as batches of up to 128 KiB are of AWS's 512 KiB/s
        final PublishPacer pacer = new PublishPacer(10, 10_000);
        final Random random = new Random(7);
        final List<long[]> slots = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // small messages (publish-bound) mixed with large ones (byte-bound), as batches are
            final int bytes = random.nextInt(2) == 0 ? 1000 + random.nextInt(1000) : 100 + random.nextInt(400);
            final long now = System.nanoTime();
            slots.add(new long[] {now + pacer.book(bytes), bytes});
        }
        for (int i = 0; i < slots.size(); i++) {
            long count = 0;
            long bytes = 0;
            for (final long[] s : slots) {
                // the slot is rebuilt here from a clock read a few microseconds before the pacer's own
                if (s[0] >= slots.get(i)[0] && s[0] < slots.get(i)[0] + SECOND - 100_000) {
                    count++;
                    bytes += s[1];
                }
            }
            assertThat(count).as("publishes in the second from slot %d", i).isLessThanOrEqualTo(10);
            assertThat(bytes).as("bytes in the second from slot %d", i).isLessThanOrEqualTo(10_000);
        }
        // and the budget is used: 200 publishes take little more than their bytes' worth of seconds
        final long total = slots.stream().mapToLong(s -> s[1]).sum();
        final double span = (slots.get(slots.size() - 1)[0] - slots.get(0)[0]) / 1e9;
        assertThat(span).isLessThan(Math.max(total / 10_000.0, 200 / 10.0) * 1.15);
    }
}
