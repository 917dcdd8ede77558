package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterOrder;
import dev.fieldgate.field.RegisterType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Byte vectors for every data type in every byte/word order. Each wire string is what a device sends in
 * the register data of a Read Holding Registers response (two bytes per register, in transmission order).
 */
class RegisterCodecTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                // float32 229.01 = 0x43 65 02 8F (A B C D)
                Arguments.of(DataType.FLOAT32, RegisterOrder.ABCD, "4365028f", 229.01),
                Arguments.of(DataType.FLOAT32, RegisterOrder.CDAB, "028f4365", 229.01),   // low word first
                Arguments.of(DataType.FLOAT32, RegisterOrder.BADC, "6543 8f02", 229.01),  // bytes swapped in each word
                Arguments.of(DataType.FLOAT32, RegisterOrder.DCBA, "8f026543", 229.01),   // fully little endian
                // float64 -1234.5678 = c0 93 4a 45 6d 5c fa ad
                Arguments.of(DataType.FLOAT64, RegisterOrder.ABCD, "c0934a456d5cfaad", -1234.5678),
                Arguments.of(DataType.FLOAT64, RegisterOrder.CDAB, "faad6d5c4a45c093", -1234.5678),
                Arguments.of(DataType.FLOAT64, RegisterOrder.BADC, "93c0454a5c6dadfa", -1234.5678),
                Arguments.of(DataType.FLOAT64, RegisterOrder.DCBA, "adfa5c6d454a93c0", -1234.5678),
                // int32 -123456789 = f8 a4 32 eb
                Arguments.of(DataType.INT32, RegisterOrder.ABCD, "f8a432eb", -123456789L),
                Arguments.of(DataType.INT32, RegisterOrder.CDAB, "32ebf8a4", -123456789L),
                Arguments.of(DataType.INT32, RegisterOrder.BADC, "a4f8eb32", -123456789L),
                Arguments.of(DataType.INT32, RegisterOrder.DCBA, "eb32a4f8", -123456789L),
                // uint32 4000000000 = ee 6b 28 00 (would be negative as int32)
                Arguments.of(DataType.UINT32, RegisterOrder.ABCD, "ee6b2800", 4_000_000_000L),
                Arguments.of(DataType.UINT32, RegisterOrder.CDAB, "2800ee6b", 4_000_000_000L),
                Arguments.of(DataType.UINT32, RegisterOrder.BADC, "6bee0028", 4_000_000_000L),
                Arguments.of(DataType.UINT32, RegisterOrder.DCBA, "00286bee", 4_000_000_000L),
                // int64 -9000000000000 = ff ff f7 d0 86 32 70 00
                Arguments.of(DataType.INT64, RegisterOrder.ABCD, "fffff7d086327000", -9_000_000_000_000L),
                Arguments.of(DataType.INT64, RegisterOrder.CDAB, "70008632f7d0ffff", -9_000_000_000_000L),
                Arguments.of(DataType.INT64, RegisterOrder.BADC, "ffffd0f732860070", -9_000_000_000_000L),
                Arguments.of(DataType.INT64, RegisterOrder.DCBA, "00703286d0f7ffff", -9_000_000_000_000L),
                // int16 -1234 = fb 2e; word order has nothing to swap in one register
                Arguments.of(DataType.INT16, RegisterOrder.ABCD, "fb2e", -1234L),
                Arguments.of(DataType.INT16, RegisterOrder.CDAB, "fb2e", -1234L),
                Arguments.of(DataType.INT16, RegisterOrder.BADC, "2efb", -1234L),
                Arguments.of(DataType.INT16, RegisterOrder.DCBA, "2efb", -1234L),
                // uint16 64302 = fb 2e read unsigned
                Arguments.of(DataType.UINT16, RegisterOrder.ABCD, "fb2e", 64302L),
                Arguments.of(DataType.UINT16, RegisterOrder.BADC, "2efb", 64302L));
    }

    @ParameterizedTest(name = "decode_{0}_{1}")
    @MethodSource("vectors")
    void decode_every_type_in_every_order(final DataType type, final RegisterOrder order, final String wire,
                                          final Object expected) {
        final Point p = point(type, order, type.fixedWidth(), 1.0, 0.0, 0);
        assertThat(RegisterCodec.decode(hex(wire), 0, p)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "encode_{0}_{1}")
    @MethodSource("vectors")
    void encode_is_the_inverse_of_decode(final DataType type, final RegisterOrder order, final String wire,
                                         final Object value) {
        final Point p = point(type, order, type.fixedWidth(), 1.0, 0.0, 0);
        assertThat(RegisterCodec.encode(value, p)).isEqualTo(hex(wire));
    }

    @Test
    void decode_reads_a_point_at_its_offset_inside_a_block() {
        // three registers of padding, then float32 229.01 ABCD
        final byte[] block = hex("0000 0000 0000 4365028f");
        assertThat(RegisterCodec.decode(block, 3, point(DataType.FLOAT32, RegisterOrder.ABCD, 2, 1, 0, 0)))
                .isEqualTo(229.01);
    }

    @Test
    void decode_scales_integers_exactly() {
        // 0x0206 = 518 tenths of a percent
        assertThat(RegisterCodec.decode(hex("0206"), 0, point(DataType.UINT16, RegisterOrder.ABCD, 1, 0.1, 0, 0)))
                .isEqualTo(51.8);
        // 0xff9c = -100, scale 0.5, offset 273.15 (Kelvin from half-degrees)
        assertThat(RegisterCodec.decode(hex("ff9c"), 0, point(DataType.INT16, RegisterOrder.ABCD, 1, 0.5, 273.15, 0)))
                .isEqualTo(223.15);
    }

    @Test
    void decode_bits_count_from_the_least_significant() {
        // 0x0009 = bits 0 and 3 set
        assertThat(RegisterCodec.decode(hex("0009"), 0, point(DataType.BIT, RegisterOrder.ABCD, 1, 1, 0, 0))).isEqualTo(true);
        assertThat(RegisterCodec.decode(hex("0009"), 0, point(DataType.BIT, RegisterOrder.ABCD, 1, 1, 0, 1))).isEqualTo(false);
        assertThat(RegisterCodec.decode(hex("0009"), 0, point(DataType.BIT, RegisterOrder.ABCD, 1, 1, 0, 3))).isEqualTo(true);
        // byte-swapped device: 0x0900 on the wire is 0x0009
        assertThat(RegisterCodec.decode(hex("0900"), 0, point(DataType.BIT, RegisterOrder.BADC, 1, 1, 0, 3))).isEqualTo(true);
    }

    @Test
    void decode_strings_stop_at_nul_and_trailing_blanks() {
        // "FG-7" then NUL padding; 'F'=46 'G'=47
        assertThat(RegisterCodec.decode(hex("4647 2d37 0000 0000"), 0, point(DataType.STRING, RegisterOrder.ABCD, 4, 1, 0, 0)))
                .isEqualTo("FG-7");
        // byte-swapped string registers ("GF7-" on the wire)
        assertThat(RegisterCodec.decode(hex("4746 372d 2020"), 0, point(DataType.STRING, RegisterOrder.BADC, 3, 1, 0, 0)))
                .isEqualTo("FG-7");
    }

    @Test
    void decode_rejects_not_a_number() {
        // 0x7fc00000 is float32 NaN, which JSON cannot carry
        assertThatThrownBy(() -> RegisterCodec.decode(hex("7fc00000"), 0, point(DataType.FLOAT32, RegisterOrder.ABCD, 2, 1, 0, 0)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("not a finite number");
    }

    @Test
    void decode_rejects_a_short_answer() {
        assertThatThrownBy(() -> RegisterCodec.decode(hex("4365"), 0, point(DataType.FLOAT32, RegisterOrder.ABCD, 2, 1, 0, 0)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("needs 2");
    }

    @Test
    void encode_refuses_values_outside_the_type() {
        assertThatThrownBy(() -> RegisterCodec.encode(70000, point(DataType.UINT16, RegisterOrder.ABCD, 1, 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside uint16 range 0..65535");
        assertThatThrownBy(() -> RegisterCodec.encode(-1, point(DataType.UINT32, RegisterOrder.ABCD, 2, 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisterCodec.encode(1.5, point(DataType.INT16, RegisterOrder.ABCD, 1, 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> RegisterCodec.encode("too long", point(DataType.STRING, RegisterOrder.ABCD, 2, 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void encode_applies_scale_inversely() {
        // 51.8 % with scale 0.1 is register 518 = 0x0206
        assertThat(RegisterCodec.encode(51.8, point(DataType.UINT16, RegisterOrder.ABCD, 1, 0.1, 0, 0))).isEqualTo(hex("0206"));
    }

    static Point point(final DataType type, final RegisterOrder order, final int width, final double scale,
                       final double offset, final int bit) {
        return new Point("p", RegisterType.HOLDING_REGISTER, 0, type, width, bit, order, scale, offset, "",
                Duration.ofSeconds(1));
    }

    static byte[] hex(final String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
