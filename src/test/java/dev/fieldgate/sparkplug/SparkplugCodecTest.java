package dev.fieldgate.sparkplug;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sparkplug B payloads byte by byte (spec 6.4), and every scalar type through a round trip. */
class SparkplugCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    // Payload { timestamp = 1, metrics = [ { name "a", alias 5, timestamp 7, datatype Int16, int_value -1 } ], seq 0 }
    private static final String GOLDEN = String.join("",
            "0801",              // field 1 (timestamp), varint: 1
            "120f",              // field 2 (metrics), length-delimited: 15 bytes follow
            "0a0161",            //   field 1 (name), 1 byte: "a"
            "1005",              //   field 2 (alias), varint: 5
            "1807",              //   field 3 (timestamp), varint: 7
            "2002",              //   field 4 (datatype), varint: 2 = Int16
            "50ffffffff0f",      //   field 10 (int_value), varint 0xFFFFFFFF: -1 sign-extended to 32 bits
            "1800");             // field 3 (seq), varint: 0

    @Test
    void decode_golden_payload() {
        final SparkplugPayload p = SparkplugCodec.decode(HEX.parseHex(GOLDEN));

        assertThat(p.timestamp()).isEqualTo(1);
        assertThat(p.seq()).hasValue(0);
        assertThat(p.metrics()).containsExactly(new Metric(Optional.of("a"), OptionalLong.of(5), 7, MetricType.INT16,
                -1L, Map.of()));
    }

    @Test
    void encode_golden_payload() {
        final SparkplugPayload p = new SparkplugPayload(1, OptionalLong.of(0), List.of(
                new Metric(Optional.of("a"), OptionalLong.of(5), 7, MetricType.INT16, -1L, Map.of())));

        assertThat(HEX.formatHex(SparkplugCodec.encode(p))).isEqualTo(GOLDEN);
    }

    @Test
    void encode_historical_metric_sets_is_historical() {
        final SparkplugPayload p = new SparkplugPayload(1, OptionalLong.of(3), List.of(
                Metric.aliased(5, 7, MetricType.INT16, 2L).asHistorical()));

        assertThat(HEX.formatHex(SparkplugCodec.encode(p))).isEqualTo(String.join("",
                "0801",              // field 1 (timestamp), varint: 1
                "120a",              // field 2 (metrics), length 10
                "1005",              //   field 2 (alias), varint: 5
                "1807",              //   field 3 (timestamp), varint: 7
                "2002",              //   field 4 (datatype), varint: 2 = Int16
                "2801",              //   field 5 (is_historical), varint: true
                "5002",              //   field 10 (int_value), varint: 2
                "1803"));            // field 3 (seq), varint: 3
        assertThat(SparkplugCodec.decode(SparkplugCodec.encode(p))).isEqualTo(p);
    }

    @Test
    void decode_width_sized_negative_int16() {
        // some stacks send Int16 -1 as 0xFFFF rather than sign-extended; the specification allows reading both
        final String metric = "1001" + "2002" + "50ffff03";   // alias 1, Int16, int_value varint 0xFFFF
        final byte[] bytes = HEX.parseHex("0801" + "12" + String.format("%02x", metric.length() / 2) + metric);

        assertThat(SparkplugCodec.decode(bytes).metrics().get(0).value()).isEqualTo(-1L);
    }

    @Test
    void decode_refuses_an_int8_wider_than_eight_bits() {
        final String metric = "1001" + "2001" + "50ff03";     // alias 1, Int8, int_value 0x1FF
        final byte[] bytes = HEX.parseHex("0801" + "12" + String.format("%02x", metric.length() / 2) + metric);

        assertThatThrownBy(() -> SparkplugCodec.decode(bytes)).isInstanceOf(SparkplugDecodeException.class)
                .hasMessageContaining("#1");
    }

    @Test
    void decode_takes_the_payload_timestamp_for_a_metric_without_one() {
        final String metric = "0a0178" + "200b" + "7001";     // name "x", Boolean, boolean_value true
        final byte[] bytes = HEX.parseHex("0864" + "12" + String.format("%02x", metric.length() / 2) + metric);

        assertThat(SparkplugCodec.decode(bytes).metrics().get(0)).isEqualTo(Metric.named("x", 100, MetricType.BOOLEAN,
                true));
    }

    @Test
    void decode_a_uint32_sent_in_int_value() {
        final String metric = "1003" + "2007" + "50ffffffff0f"; // alias 3, UInt32, int_value 0xFFFFFFFF
        final byte[] bytes = HEX.parseHex("0801" + "12" + String.format("%02x", metric.length() / 2) + metric);

        assertThat(SparkplugCodec.decode(bytes).metrics().get(0).value()).isEqualTo(4_294_967_295L);
    }

    @Test
    void should_round_trip_every_scalar_type() {
        final List<Metric> metrics = List.of(
                Metric.named("i8", 1, MetricType.INT8, -128L),
                Metric.named("i16", 1, MetricType.INT16, 32767L),
                Metric.named("i32", 1, MetricType.INT32, Long.valueOf(Integer.MIN_VALUE)),
                Metric.named("i64", 1, MetricType.INT64, Long.MIN_VALUE),
                Metric.named("u8", 1, MetricType.UINT8, 255L),
                Metric.named("u16", 1, MetricType.UINT16, 65535L),
                Metric.named("u32", 1, MetricType.UINT32, 4_294_967_295L),
                Metric.named("u64", 1, MetricType.UINT64, Long.MAX_VALUE),
                Metric.named("f", 1, MetricType.FLOAT, 1.1),
                Metric.named("d", 1, MetricType.DOUBLE, 51.8),
                Metric.named("b", 1, MetricType.BOOLEAN, false),
                Metric.named("s", 1, MetricType.STRING, "Grüße"),
                Metric.named("t", 1, MetricType.DATE_TIME, 1_700_000_000_000L),
                Metric.named("bytes", 1, MetricType.BYTES, new byte[] {1, 2, 3}),
                new Metric(Optional.of("null"), OptionalLong.of(9), 2, MetricType.DOUBLE, null,
                        Map.of("engUnit", "m/s", "readOnly", true, "max", 50.0, "count", 3L)));
        final SparkplugPayload p = new SparkplugPayload(1_700_000_000_123L, OptionalLong.of(255), metrics);

        assertThat(SparkplugCodec.decode(SparkplugCodec.encode(p))).isEqualTo(p);
    }

    @Test
    void should_refuse_to_encode_a_value_its_type_cannot_hold() {
        final SparkplugPayload p = new SparkplugPayload(1, OptionalLong.of(0), List.of(
                Metric.named("u16", 1, MetricType.UINT16, 65536L)));

        assertThatThrownBy(() -> SparkplugCodec.encode(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("u16");
    }

    @Test
    void decode_refuses_garbage_and_a_seq_beyond_255() {
        assertThatThrownBy(() -> SparkplugCodec.decode(HEX.parseHex("ffffffff"))).isInstanceOf(
                SparkplugDecodeException.class);
        assertThatThrownBy(() -> SparkplugCodec.decode(HEX.parseHex("0801" + "188002")))   // seq 256
                .isInstanceOf(SparkplugDecodeException.class).hasMessageContaining("256");
    }

    @Test
    void decode_refuses_a_metric_whose_value_does_not_fit_its_type() {
        final String metric = "0a0178" + "200b" + "6a0178";    // name "x", Boolean, but string_value "x"
        final byte[] bytes = HEX.parseHex("0801" + "12" + String.format("%02x", metric.length() / 2) + metric);

        assertThatThrownBy(() -> SparkplugCodec.decode(bytes)).isInstanceOf(SparkplugDecodeException.class)
                .hasMessageContaining("'x'");
    }

    @Test
    void should_parse_and_print_topics() {
        final SparkplugTopic t = SparkplugTopic.parse("spBv1.0/plant/DDATA/gw-1/meter-main");

        assertThat(t).isEqualTo(SparkplugTopic.device("plant", MessageType.DDATA, "gw-1", "meter-main"));
        assertThat(t.toString()).isEqualTo("spBv1.0/plant/DDATA/gw-1/meter-main");
        assertThat(SparkplugTopic.parse("spBv1.0/plant/NBIRTH/gw-1").device()).isEmpty();
        assertThat(SparkplugTopic.state("scada")).isEqualTo("spBv1.0/STATE/scada");
        assertThatThrownBy(() -> SparkplugTopic.parse("spBv1.0/plant/NBIRTH/gw-1/dev")).isInstanceOf(
                SparkplugDecodeException.class);
        assertThatThrownBy(() -> SparkplugTopic.parse("spBv1.0/plant/DDATA/gw-1")).isInstanceOf(
                SparkplugDecodeException.class);
        assertThatThrownBy(() -> SparkplugTopic.parse("spAv1.0/plant/DDATA/gw-1/d")).isInstanceOf(
                SparkplugDecodeException.class);
    }

    @Test
    void should_read_and_write_the_json_state_of_sparkplug_3() {
        assertThat(HostState.decode("{\"online\":true,\"timestamp\":1700000000000}".getBytes()))
                .isEqualTo(new HostState(true, 1_700_000_000_000L));
        assertThat(new String(new HostState(false, 5).encode())).isEqualTo("{\"online\":false,\"timestamp\":5}");
        // the 2.2 form was a bare ONLINE/OFFLINE string; 3.0 hosts send JSON
        assertThatThrownBy(() -> HostState.decode("ONLINE".getBytes())).isInstanceOf(SparkplugDecodeException.class);
    }
}
