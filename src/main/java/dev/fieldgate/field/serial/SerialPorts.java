package dev.fieldgate.field.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.fieldgate.field.FieldLinkException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Discovery of serial ports and clear errors when one cannot be used. */
public final class SerialPorts {

    private SerialPorts() {
    }

    /**
     * A serial port present on this machine.
     *
     * @param path         device path to put in an adapter file
     * @param name         the OS's short name
     * @param description  what the driver or USB descriptor says it is
     * @param location     physical location (USB bus/port), when known
     */
    public record PortInfo(String path, String name, String description, String location) {
    }

    /** @return the ports the OS lists (pseudo-terminals are not listed), sorted by path. */
    public static List<PortInfo> list() {
        return Arrays.stream(SerialPort.getCommPorts())
                .map(p -> new PortInfo(p.getSystemPortPath(), p.getSystemPortName(), p.getPortDescription(),
                        p.getPortLocation()))
                .sorted(Comparator.comparing(PortInfo::path))
                .toList();
    }

    /** @return true when the device file exists (always true for COMn names). */
    public static boolean exists(final String port) {
        return !port.startsWith("/") || Files.exists(Path.of(port));
    }

    /**
     * Fails early, with the port in the message, for the two mistakes made most on site.
     *
     * @throws FieldLinkException when the port does not exist or cannot be read and written by this process
     */
    public static void checkUsable(final String port) {
        if (!exists(port)) {
            throw new FieldLinkException("serial port " + port + " does not exist (unplugged, or a wrong path?)");
        }
        final Path p = Path.of(port);
        if (port.startsWith("/") && !(Files.isReadable(p) && Files.isWritable(p))) {
            throw new FieldLinkException("no permission to use serial port " + port
                    + " (add the user to the 'dialout' group, or map the device into the container)");
        }
    }

    /** @return jSerialComm's code for a parity setting (also what j2mod's serial parameters take). */
    public static int parityCode(final SerialLine.Parity parity) {
        switch (parity) {
            case EVEN: return SerialPort.EVEN_PARITY;
            case ODD: return SerialPort.ODD_PARITY;
            default: return SerialPort.NO_PARITY;
        }
    }

    /** @return a technician's explanation of why opening failed, naming the port. */
    public static String describeOpenFailure(final String port, final Exception e) {
        final String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("in use") || message.contains("busy")) {
            return "serial port " + port + " is in use by another program";
        }
        return "serial port " + port + " could not be opened" + (message.isEmpty() ? "" : ": " + message);
    }
}
