package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.OutboxEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> lines = new ArrayList<>();
    private final RefusalLog log = new RefusalLog(now::get, lines::add);

    @Test
    void should_report_a_kind_at_once_then_at_most_once_a_minute_with_the_sum() {
        log.record(refusals("NOT_AUTHORIZED", 1, 5));
        assertThat(lines).singleElement().asString().contains("refused 5 message(s)").contains("NOT_AUTHORIZED")
                .contains("e-1 on dt/t/1");

        for (int i = 0; i < 30; i++) {
            now.addAndGet(1000);
            log.record(refusals("NOT_AUTHORIZED", 10 + i, 2));
        }
        assertThat(lines).as("a refusing policy does not flood the log").hasSize(1);

        now.addAndGet(RefusalLog.INTERVAL_MS);
        log.logDue();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("refused 60 message(s)").contains("since the last report");
        log.logDue();
        assertThat(lines).as("nothing new, nothing logged").hasSize(2);
    }

    @Test
    void should_report_each_kind_of_reason_on_its_own_and_sizes_as_one_kind() {
        log.record(refusals("NOT_AUTHORIZED", 1, 1));
        log.record(refusals("TOPIC_NAME_INVALID", 2, 1));
        log.record(refusals("131000 bytes exceed the 131072 byte message limit", 3, 1));
        log.record(refusals("140000 bytes exceed the 131072 byte message limit", 4, 1));
        assertThat(lines).hasSize(3);
        now.addAndGet(RefusalLog.INTERVAL_MS);
        log.logDue();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(3)).contains("refused 1 message(s)").contains("140000 bytes");
    }

    private static List<WriteOp.Delete> refusals(final String reason, final int firstId, final int n) {
        final List<WriteOp.Delete> out = new ArrayList<>();
        for (int id = firstId; id < firstId + n; id++) {
            out.add(new WriteOp.Delete(new OutboxEntry(id, "e-" + id, "d", "dt/t/" + id, 1, 0, new byte[1]), reason));
        }
        return out;
    }
}
