package dev.fieldgate.field.serial;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A serial port and its line settings.
 *
 * @param port          device path, e.g. {@code /dev/ttyUSB0} or {@code /dev/serial/by-id/...}
 * @param baudRate      bits per second
 * @param dataBits      5..8
 * @param parity        none, even or odd
 * @param stopBits      1 or 2
 * @param timeout       answer timeout per request (Modbus RTU), or silence after which a sensor counts as mute
 * @param turnaround    pause after each answer before the next request on the line; never shorter than the RTU
 *                      inter-frame silence of 3.5 character times
 * @param rs485         let the driver switch the RS-485 transceiver (RTS) where the OS supports it
 * @param reconnectMax  longest wait between attempts to reopen the port
 */
public record SerialLine(String port, int baudRate, int dataBits, Parity parity, int stopBits, Duration timeout,
                         Duration turnaround, boolean rs485, Duration reconnectMax) implements dev.fieldgate.field.adapter.FieldConnection {

    /** Parity bit. */
    public enum Parity {
        NONE, EVEN, ODD;

        /** @return the lower-case name used in adapter files. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the parts. */
    public SerialLine {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(turnaround, "turnaround");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (baudRate < 300 || baudRate > 4_000_000) {
            throw new IllegalArgumentException("baud-rate " + baudRate + " outside 300..4000000");
        }
        if (dataBits < 5 || dataBits > 8 || stopBits < 1 || stopBits > 2) {
            throw new IllegalArgumentException("data-bits 5..8 and stop-bits 1..2");
        }
    }

    @Override
    public String address() {
        return port;
    }

    /**
     * The Modbus RTU inter-frame silence (Modbus over Serial Line V1.02 §2.5.1.1): 3.5 character times of 11
     * bits, fixed at 1.75 ms above 19200 baud.
     *
     * @return the silence in nanoseconds
     */
    public long interFrameSilenceNanos() {
        if (baudRate > 19_200) {
            return 1_750_000L;
        }
        return Math.round(3.5 * 11 * 1e9 / baudRate);
    }

    /** @return the pause between an answer and the next request: the turnaround, at least the RTU silence. */
    public long pauseBetweenRequestsNanos() {
        return Math.max(turnaround.toNanos(), interFrameSilenceNanos());
    }
}
