package dev.fieldgate.telemetry.compact;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.rig.CompactDecoder;
import dev.fieldgate.telemetry.TelemetryTopics;
import dev.fieldgate.telemetry.compact.proto.ValueType;
import dev.fieldgate.uplink.DrainBatch;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the compact encoding writes is decoded with nothing but the published descriptor set, and every
 * reading comes back as it went in: names, units, qualities, times, and values bit for bit.
 */
class CompactTelemetryEncoderTest {

    private static final long T = 1_795_000_000_123L;

    private final PointTables tables = new PointTables("gw-1");
    private final CompactTelemetryEncoder encoder = new CompactTelemetryEncoder(tables,
            new TelemetryTopics("dt/fieldgate/{gateway}/{device}/telemetry", "gw-1"),
            new TelemetryTopics("fieldgate.uplink.schema-topic", "dt/fieldgate/{gateway}/{device}/schema", "gw-1"));
    private final CompactDecoder decoder = new CompactDecoder();
    private long nextId = 1;

    @Test
    void should_decode_every_kind_of_value_and_fault_bit_for_bit_from_the_descriptor_alone() {
        final List<Reading> readings = List.of(
                Reading.good("count", 65_535L, "", T),
                Reading.good("negative", -42L, "", T),
                Reading.good("huge", Long.MIN_VALUE, "", T),
                Reading.good("running", true, "", T + 1),
                Reading.good("voltage-l1", 229.5, "V", T + 2),
                Reading.good("current", 0.1 * 3, "A", T - 5),
                Reading.good("tiny", Double.MIN_VALUE, "", T),
                Reading.good("mode", "AUTO", "", T),
                Reading.bad("status", "", Quality.BAD_DEVICE_EXCEPTION, T + 7, "exception 02 illegal data address"),
                Reading.good("minus-zero", -0.0, "", T),
                Reading.good("scaled", 51.8, "%", T),
                Reading.good("meter", 229.01, "V", T),
                Reading.good("max", Long.MAX_VALUE, "", T),
                Reading.good("micro", -0.000_123, "", T));
        final List<OutboundMessage> messages = encoder.messages(new DeviceReadings("meter-1", readings));

        assertThat(messages).extracting(OutboundMessage::topic).containsExactly(
                "dt/fieldgate/gw-1/meter-1/schema", "dt/fieldgate/gw-1/meter-1/telemetry");
        assertThat(messages).extracting(OutboundMessage::stream).containsOnly("meter-1");
        final CompactDecoder.Publish schema = decoder.decode(payload(messages.get(0)));
        assertThat(schema.schemas()).containsExactly("e1f2a3b4-1");
        final CompactDecoder.Publish data = decoder.decode(payload(messages.get(1)));
        assertThat(data.batches()).hasSize(1);
        assertSame(readings, data.batches().get(0));
    }

    @Test
    void should_send_a_new_table_when_a_point_appears_or_its_type_widens_and_only_then() {
        final List<OutboundMessage> first = encoder.messages(batch(Reading.good("a", 1L, "", T)));
        final List<OutboundMessage> same = encoder.messages(batch(Reading.good("a", 2L, "", T + 1000)));
        final List<OutboundMessage> widened = encoder.messages(batch(Reading.good("a", 2.5, "", T + 2000)));
        final List<OutboundMessage> added = encoder.messages(batch(Reading.good("a", 3L, "", T + 3000),
                Reading.good("b", "x", "", T + 3000)));
        assertThat(first).hasSize(2);
        assertThat(same).as("nothing new: data only").hasSize(1);
        assertThat(widened).as("an integer point got a fraction: table again").hasSize(2);
        assertThat(added).as("a point appeared").hasSize(2);

        // all stored, then drained as one backlog publish: tables and batches resolve in order
        final List<OutboxEntry> stored = new ArrayList<>();
        for (final List<OutboundMessage> ms : List.of(first, same, widened, added)) {
            ms.forEach(m -> stored.add(entry(m)));
        }
        final List<CompactDecoder.Batch> batches = new ArrayList<>();
        for (final OutboxEntry e : stored) {
            final CompactDecoder.Publish p = decoder.decode(e.payload());
            batches.addAll(p.batches());
        }
        assertThat(batches).extracting(b -> b.readings().get(0).value()).containsExactly(1L, 2L, 2.5, 3.0);
        assertThat(decoder.schema(batches.get(3).schemaId())).extracting(CompactDecoder.Point::type)
                .as("whole numbers and then one decimal place: a decimal point").containsExactly("DECIMAL", "TEXT");
    }

    @Test
    void should_carry_scaled_register_values_as_small_integers_and_floats_in_four_bytes() {
        final List<Reading> decimals = new ArrayList<>();
        final List<Reading> floats = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // as the gateway computes engineering values: in decimal (raw 20_042 x 0.01 is 200.42)
            decimals.add(Reading.good("p" + i, BigDecimal.valueOf(20_000 + i, 2).doubleValue(), "V", T));
            floats.add(Reading.good("p" + i, (double) (float) (200 + i * 0.0123), "V", T));
        }
        final int decimalBytes = encoder.messages(new DeviceReadings("d", decimals)).get(1).payload().apply("e1f2a3b4-9")
                .length;
        final int floatBytes = encoder.messages(new DeviceReadings("f", floats)).get(1).payload().apply("e1f2a3b4-9")
                .length;
        // an alias byte and a 3-byte mantissa; an alias byte and 4 float bytes; plus the envelope
        assertThat(decimalBytes).isLessThan(100 * 4 + 40);
        assertThat(floatBytes).isLessThan(100 * 5 + 40);
        assertThat(new PointTables("gw-1").resolve("d", decimals).table().points())
                .allSatisfy(p -> {
                    assertThat(p.getType()).isEqualTo(ValueType.DECIMAL);
                    assertThat(p.getDecimals()).isBetween(0, 2);
                });
    }

    @Test
    void should_keep_tables_stable_across_restarts_and_send_them_again_on_request() {
        final Reading r = Reading.good("a", 1L, "kWh", T);
        final PointTables.Resolved before = tables.resolve("m", List.of(r));
        final PointTables.Resolved restarted = new PointTables("gw-1").resolve("m", List.of(r));
        assertThat(restarted.table().id()).isEqualTo(before.table().id());
        assertThat(restarted.toAnnounce()).as("a new process announces its tables once")
                .containsExactly(restarted.table());
        assertThat(tables.resolve("m", List.of(r)).toAnnounce()).isEmpty();
        tables.announceAgain("m");
        assertThat(tables.resolve("m", List.of(r)).toAnnounce()).containsExactly(before.table());
        assertThat(new PointTables("gw-2").resolve("m", List.of(r)).table().id()).as("another gateway")
                .isNotEqualTo(before.table().id());
    }

    @Test
    void should_send_recent_table_versions_again_on_reconnect_as_a_full_buffer_may_have_dropped_them() {
        final PointTable first = tables.resolve("m", List.of(Reading.good("a", 1L, "", T))).table();
        final PointTable second = tables.resolve("m", List.of(Reading.good("a", 1.5, "", T))).table();
        final PointTable third = tables.resolve("m", List.of(Reading.good("b", 1L, "", T))).table();
        tables.announceAllAgain();
        assertThat(tables.resolve("m", List.of(Reading.good("a", 2L, "", T))).toAnnounce())
                .containsExactly(first, second, third);
        for (int i = 0; i < PointTables.HISTORY + 5; i++) {
            tables.resolve("m", List.of(Reading.good("p" + i, 1L, "", T)));
        }
        tables.announceAgain("m");
        assertThat(tables.resolve("m", List.of(Reading.good("a", 2L, "", T))).toAnnounce())
                .as("bounded").hasSize(PointTables.HISTORY);
    }

    @Test
    void should_join_stored_messages_into_one_marked_backlog_publish_without_re_encoding() {
        final List<OutboxEntry> stored = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            encoder.messages(batch(Reading.good("a", (long) i, "", T + i), Reading.good("t", 20.25 + i, "°C", T + i)))
                    .forEach(m -> stored.add(entry(m)));
        }
        decoder.decode(stored.remove(0).payload()); // the table, sent ahead on its own topic
        final byte[] joined = new DrainBatch(stored, true).payload(128 * 1024);
        assertThat(joined.length).isEqualTo(4 + stored.stream().mapToInt(e -> e.payload().length).sum());
        assertThat(joined).startsWith(8, 2, 0x10, 1);
        final CompactDecoder.Publish p = decoder.decode(joined);
        assertThat(p.backlog()).isTrue();
        assertThat(p.batches()).extracting(CompactDecoder.Batch::messageId)
                .containsExactlyElementsOf(stored.stream().map(OutboxEntry::messageId).toList());
        assertThat(p.batches().get(2).readings()).extracting(CompactDecoder.Reading::value).containsExactly(2L, 22.25);
    }

    private static DeviceReadings batch(final Reading... readings) {
        return new DeviceReadings("m", List.of(readings));
    }

    private byte[] payload(final OutboundMessage m) {
        return m.payload().apply("e1f2a3b4-" + nextId++);
    }

    private OutboxEntry entry(final OutboundMessage m) {
        final long id = nextId;
        return new OutboxEntry(id, "e1f2a3b4-" + id, m.stream(), m.topic(), m.qos(), T, payload(m));
    }

    private static void assertSame(final List<Reading> sent, final CompactDecoder.Batch decoded) {
        final List<Reading> good = sent.stream().filter(r -> r.quality().isGood()).toList();
        final List<Reading> bad = sent.stream().filter(r -> !r.quality().isGood()).toList();
        final List<Reading> inDecodedOrder = new ArrayList<>(good);
        inDecodedOrder.addAll(bad);
        assertThat(decoded.readings()).hasSameSizeAs(inDecodedOrder);
        for (int i = 0; i < inDecodedOrder.size(); i++) {
            final Reading in = inDecodedOrder.get(i);
            final CompactDecoder.Reading out = decoded.readings().get(i);
            assertThat(out.point()).isEqualTo(in.point());
            assertThat(out.unit()).as(in.point()).isEqualTo(in.unit());
            assertThat(out.quality()).as(in.point()).isEqualTo(in.quality().wireName());
            assertThat(out.timestamp()).as(in.point()).isEqualTo(in.timestamp());
            if (in.value() instanceof Double) {
                assertThat(Double.doubleToRawLongBits((Double) out.value())).as(in.point())
                        .isEqualTo(Double.doubleToRawLongBits((Double) in.value()));
            } else {
                assertThat(out.value()).as(in.point()).isEqualTo(in.value());
            }
            if (!in.quality().isGood()) {
                assertThat(out.detail()).isEqualTo(in.detail());
            }
        }
    }
}
