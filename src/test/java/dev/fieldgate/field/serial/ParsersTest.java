package dev.fieldgate.field.serial;

import dev.fieldgate.field.Endianness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every serial parser against byte streams with the faults real lines have. */
class ParsersTest {

    /** Collects what a parser produced. */
    static final class Collected implements FrameParser.Sink {
        final List<Map<String, Object>> messages = new ArrayList<>();
        final List<DropReason> drops = new ArrayList<>();

        @Override
        public void message(final Map<String, Object> fields) {
            messages.add(fields);
        }

        @Override
        public void dropped(final DropReason reason, final String detail) {
            drops.add(reason);
        }
    }

    // $GPGGA from a receiver in Munich: 48°07.038' N, 11°31.000' E, fix 1, 8 satellites, HDOP 0.9, 545.4 m
    private static final String GGA = "$GPGGA,123519.00,4807.0380,N,01131.0000,E,1,08,0.9,545.4,M,46.9,M,,*69";

    @Test
    void decode_nmea_gga_with_checksum() throws Exception {
        final Map<String, Object> f = new NmeaDecoder(true).decode(GGA);
        assertThat((double) f.get("gga.latitude")).isCloseTo(48.1173, within(1e-9));
        assertThat((double) f.get("gga.longitude")).isCloseTo(11.516667, within(1e-6));
        assertThat(f).containsEntry("gga.fix-quality", 1L).containsEntry("gga.satellites", 8L)
                .containsEntry("gga.hdop", 0.9).containsEntry("gga.altitude", 545.4);
    }

    @Test
    void decode_nmea_rmc_mwv_and_xdr() throws Exception {
        final NmeaDecoder d = new NmeaDecoder(true);
        assertThat(d.decode(withChecksum("GPRMC,123519,A,4807.038,S,01131.000,W,022.4,084.4,230394,003.1,W")))
                .containsEntry("rmc.valid", true).containsEntry("rmc.speed-knots", 22.4)
                .hasEntrySatisfying("rmc.latitude", v -> assertThat((double) v).isCloseTo(-48.1173, within(1e-9)));
        assertThat(d.decode(withChecksum("WIMWV,214.8,R,0.1,K,A")))
                .containsEntry("mwv.wind-angle", 214.8).containsEntry("mwv.wind-speed", 0.1)
                .containsEntry("mwv.reference", "R").containsEntry("mwv.speed-unit", "K").containsEntry("mwv.valid", true);
        assertThat(d.decode(withChecksum("WIXDR,C,19.3,C,AirTemp,P,1.0132,B,Baro,H,41.0,P,RelHum")))
                .containsEntry("xdr.airtemp", 19.3).containsEntry("xdr.baro", 1.0132).containsEntry("xdr.relhum", 41.0);
    }

    @Test
    void decode_nmea_leaves_out_empty_fields_and_ignores_other_sentences() throws Exception {
        final NmeaDecoder d = new NmeaDecoder(true);
        // a receiver without a fix
        assertThat(d.decode(withChecksum("GPGGA,123519.00,,,,,0,00,99.99,,,,,,"))).containsOnlyKeys("gga.fix-quality",
                "gga.satellites", "gga.hdop");
        assertThat(d.decode(withChecksum("GPGSV,3,1,11,03,03,111,00"))).isEmpty();
    }

    @Test
    void decode_nmea_rejects_bad_checksums_and_noise() {
        final NmeaDecoder d = new NmeaDecoder(true);
        assertThatThrownBy(() -> d.decode(GGA.replace("*69", "*71")))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.BAD_CHECKSUM));
        assertThatThrownBy(() -> d.decode(GGA.substring(0, 40)))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.BAD_CHECKSUM));
        assertThatThrownBy(() -> d.decode("x\u0007y"))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.NOISE));
        assertThatThrownBy(() -> d.decode(withChecksum("GPGGA,1,48xx.0,N,01131.0,E,1,08,0.9,5,M,4,M,,")))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.MALFORMED));
    }

    @Test
    void frame_lines_through_noise_splits_truncation_and_overrun() {
        final Collected out = new Collected();
        final LineFramer framer = new LineFramer(new NmeaDecoder(true), 128);
        final byte[] stream = (GGA + "\r\n"
                + "\u00ff\u0013junk" + GGA + "\r\n"                    // garbage glued before a sentence: resync
                + GGA.substring(0, 30)                                  // truncated, no line end ...
                + GGA + "\r\n"                                          // ... glued to the next: still found after '$'
                + "A".repeat(300) + "\n"                                // overrun
                + GGA.replace("*69", "*68") + "\n"                     // bad checksum
                + GGA.substring(0, 20)).getBytes(StandardCharsets.ISO_8859_1);
        // delivered in uneven chunks, as a UART does
        for (int i = 0; i < stream.length; i += 7) {
            framer.feed(java.util.Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 7)),
                    Math.min(7, stream.length - i), out);
        }
        final byte[] rest = (GGA.substring(20) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        framer.feed(rest, rest.length, out);
        assertThat(out.messages).hasSize(4);
        assertThat(out.drops).containsExactly(DropReason.OVERRUN, DropReason.BAD_CHECKSUM);
    }

    @Test
    void decode_key_value_pairs() throws Exception {
        assertThat(new KeyValueDecoder(";", "=").decode("T=23.4;H=41; state = RUN"))
                .containsEntry("T", 23.4).containsEntry("H", 41.0).containsEntry("state", "RUN");
        assertThat(new KeyValueDecoder(",", ":").decode("temp:21.5,unit:C")).containsEntry("temp", 21.5);
        assertThatThrownBy(() -> new KeyValueDecoder(";", "=").decode("T=23.4;garbage"))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.MALFORMED));
        assertThatThrownBy(() -> new KeyValueDecoder(";", "=").decode("T=2\u00013"))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.NOISE));
    }

    @Test
    void decode_regex_named_groups() throws Exception {
        final RegexDecoder scale = new RegexDecoder("^(?<status>ST|US),GS,\\s*(?<weight>[-+]?[0-9.]+)\\s*kg$");
        assertThat(scale.groups()).containsExactly("status", "weight");
        assertThat(scale.decode("ST,GS,  +12.350 kg")).containsEntry("status", "ST").containsEntry("weight", 12.35);
        assertThatThrownBy(() -> scale.decode("OL,GS, ------ kg"))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.NOISE));
        assertThatThrownBy(() -> new RegexDecoder("^[0-9]+$")).hasMessageContaining("named group");
    }

    @Test
    void decode_binary_frames_with_crc_resync_and_length_field() {
        // AA 55 | len | temp int16 BE | hum uint16 LE | CRC-16/Modbus low byte first over bytes 2.. | 0D
        final BinaryFrameSpec spec = new BinaryFrameSpec(hex("AA55"), 0, 2, 1, 0, hex("0D"),
                BinaryFrameSpec.Checksum.CRC16_MODBUS, 2, Endianness.LITTLE,
                List.of(new BinaryFrameSpec.Field("temp", 3, BinaryFrameSpec.FieldType.INT16, Endianness.BIG),
                        new BinaryFrameSpec.Field("hum", 5, BinaryFrameSpec.FieldType.UINT16, Endianness.LITTLE)), 64);
        final byte[] good = frame(new byte[] {(byte) 0xAA, 0x55, 10, (byte) 0xFF, 0x38, (byte) 0x9A, 0x01});
        final byte[] corrupt = good.clone();
        corrupt[4] ^= 0x10;
        final Collected out = new Collected();
        final BinaryFrameParser p = new BinaryFrameParser(spec);
        final byte[] stream = concat(hex("0102AA"), good, corrupt, good, hex("AA55FF"), good);
        for (final byte b : stream) {
            p.feed(new byte[] {b}, 1, out);   // one byte at a time
        }
        assertThat(out.messages).hasSize(3);
        assertThat(out.messages.get(0)).containsEntry("temp", -200L).containsEntry("hum", 410L);
        assertThat(out.drops).contains(DropReason.NOISE, DropReason.BAD_CHECKSUM, DropReason.OVERRUN);
    }

    @Test
    void decode_binary_frames_with_xor_and_sum() {
        for (final BinaryFrameSpec.Checksum cs : List.of(BinaryFrameSpec.Checksum.XOR, BinaryFrameSpec.Checksum.SUM8)) {
            final BinaryFrameSpec spec = new BinaryFrameSpec(hex("02"), 4, 0, 0, 0, new byte[0], cs, 1, Endianness.BIG,
                    List.of(new BinaryFrameSpec.Field("v", 1, BinaryFrameSpec.FieldType.UINT16, Endianness.BIG)), 16);
            final int a = 0x12;
            final int b = 0x34;
            final byte check = (byte) (cs == BinaryFrameSpec.Checksum.XOR ? a ^ b : a + b);
            final Collected out = new Collected();
            // 02 | value 0x1234 | check, twice: the second with a wrong check byte
            final byte[] frames = {0x02, 0x12, 0x34, check, 0x02, 0x12, 0x34, (byte) (check + 1)};
            new BinaryFrameParser(spec).feed(frames, frames.length, out);
            assertThat(out.messages).as(cs.name()).hasSize(1);
            assertThat(out.messages.get(0)).containsEntry("v", 0x1234L);
            assertThat(out.drops).contains(DropReason.BAD_CHECKSUM);
        }
    }

    @Test
    void reject_impossible_binary_layouts() {
        assertThatThrownBy(() -> new BinaryFrameSpec(new byte[0], 8, 0, 0, 0, new byte[0], BinaryFrameSpec.Checksum.NONE,
                0, Endianness.BIG, List.of(), 16)).hasMessageContaining("start");
        assertThatThrownBy(() -> new BinaryFrameSpec(hex("02"), 4, 0, 0, 0, new byte[0], BinaryFrameSpec.Checksum.XOR,
                0, Endianness.BIG, List.of(new BinaryFrameSpec.Field("v", 2, BinaryFrameSpec.FieldType.UINT16,
                Endianness.BIG)), 16)).hasMessageContaining("outside the frame");
    }

    /** Completes a frame: CRC-16/Modbus over bytes 2.. low byte first, then the 0D stop byte. */
    private static byte[] frame(final byte[] head) {
        final int[] crc = com.ghgande.j2mod.modbus.util.ModbusUtil.calculateCRC(head, 2, head.length - 2);
        final byte[] out = java.util.Arrays.copyOf(head, head.length + 3);
        out[head.length] = (byte) crc[0];
        out[head.length + 1] = (byte) crc[1];
        out[head.length + 2] = 0x0D;
        return out;
    }

    private static String withChecksum(final String body) {
        int cs = 0;
        for (final char c : body.toCharArray()) {
            cs ^= c;
        }
        return "$" + body + String.format("*%02X", cs);
    }

    private static byte[] concat(final byte[]... parts) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(final String s) {
        return HexFormat.of().parseHex(s);
    }
}
