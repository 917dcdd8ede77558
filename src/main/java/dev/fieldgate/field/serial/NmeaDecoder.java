package dev.fieldgate.field.serial;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * NMEA 0183 sentences (any talker id) with checksum verification. Fields produced, by sentence:
 * <ul>
 *   <li>GGA: {@code gga.latitude}, {@code gga.longitude} (decimal degrees, south and west negative),
 *       {@code gga.fix-quality}, {@code gga.satellites}, {@code gga.hdop}, {@code gga.altitude} (m)</li>
 *   <li>RMC: {@code rmc.valid}, {@code rmc.latitude}, {@code rmc.longitude}, {@code rmc.speed-knots},
 *       {@code rmc.course}</li>
 *   <li>MWV: {@code mwv.valid}, {@code mwv.wind-angle}, {@code mwv.wind-speed}, {@code mwv.reference}
 *       (R relative, T true), {@code mwv.speed-unit} (K, M, N)</li>
 *   <li>XDR: {@code xdr.<transducer name>} for each measurement</li>
 * </ul>
 * Empty fields (a receiver without a fix) are left out. Other sentence types yield no fields. Garbage
 * before the {@code $} of a sentence on the same line is skipped.
 */
public final class NmeaDecoder implements LineDecoder {

    private final boolean requireChecksum;

    /** @param requireChecksum reject sentences without {@code *hh} */
    public NmeaDecoder(final boolean requireChecksum) {
        this.requireChecksum = requireChecksum;
    }

    @Override
    public Map<String, Object> decode(final String line) throws FrameRejectedException {
        final int start = Math.max(line.lastIndexOf('$'), line.lastIndexOf('!'));
        if (start < 0) {
            throw new FrameRejectedException(DropReason.NOISE, "no NMEA sentence start ($) in the line");
        }
        final String sentence = line.substring(start + 1);
        final int star = sentence.lastIndexOf('*');
        final String body;
        if (star >= 0) {
            body = sentence.substring(0, star);
            verifyChecksum(body, sentence.substring(star + 1));
        } else if (requireChecksum) {
            throw new FrameRejectedException(DropReason.BAD_CHECKSUM, "sentence without checksum");
        } else {
            body = sentence;
        }
        if (!LineFramer.isPrintable(body)) {
            throw new FrameRejectedException(DropReason.NOISE, "non-printable characters in the sentence");
        }
        final String[] f = body.split(",", -1);
        if (f[0].length() < 5) {
            throw new FrameRejectedException(DropReason.MALFORMED, "address field '" + f[0] + "' too short");
        }
        final String type = f[0].substring(f[0].length() - 3).toUpperCase(Locale.ROOT);
        try {
            switch (type) {
                case "GGA": return gga(f);
                case "RMC": return rmc(f);
                case "MWV": return mwv(f);
                case "XDR": return xdr(f);
                default: return Map.of();
            }
        } catch (final NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new FrameRejectedException(DropReason.MALFORMED, type + " sentence with a malformed field");
        }
    }

    private static void verifyChecksum(final String body, final String given) throws FrameRejectedException {
        int cs = 0;
        for (int i = 0; i < body.length(); i++) {
            cs ^= body.charAt(i);
        }
        final String hex = given.trim();
        if (hex.length() != 2 || !hex.equalsIgnoreCase(String.format("%02X", cs))) {
            throw new FrameRejectedException(DropReason.BAD_CHECKSUM,
                    "checksum *" + hex + " does not match " + String.format("%02X", cs));
        }
    }

    private static Map<String, Object> gga(final String[] f) {
        final Map<String, Object> out = new LinkedHashMap<>();
        putCoordinate(out, "gga.latitude", f[2], f[3]);
        putCoordinate(out, "gga.longitude", f[4], f[5]);
        putLong(out, "gga.fix-quality", f[6]);
        putLong(out, "gga.satellites", f[7]);
        putDouble(out, "gga.hdop", f[8]);
        putDouble(out, "gga.altitude", f[9]);
        return out;
    }

    private static Map<String, Object> rmc(final String[] f) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("rmc.valid", "A".equals(f[2]));
        putCoordinate(out, "rmc.latitude", f[3], f[4]);
        putCoordinate(out, "rmc.longitude", f[5], f[6]);
        putDouble(out, "rmc.speed-knots", f[7]);
        putDouble(out, "rmc.course", f[8]);
        return out;
    }

    private static Map<String, Object> mwv(final String[] f) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("mwv.valid", "A".equals(f[5]));
        putDouble(out, "mwv.wind-angle", f[1]);
        putString(out, "mwv.reference", f[2]);
        putDouble(out, "mwv.wind-speed", f[3]);
        putString(out, "mwv.speed-unit", f[4]);
        return out;
    }

    private static Map<String, Object> xdr(final String[] f) {
        final Map<String, Object> out = new LinkedHashMap<>();
        // quadruplets: transducer type, value, unit, name
        for (int i = 1; i + 3 < f.length; i += 4) {
            final String name = f[i + 3].trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
            if (!name.isEmpty()) {
                putDouble(out, "xdr." + name, f[i + 1]);
            }
        }
        return out;
    }

    private static void putCoordinate(final Map<String, Object> out, final String key, final String value,
                                      final String hemisphere) {
        if (value.isEmpty()) {
            return;
        }
        final int dot = value.indexOf('.');
        final int degreeDigits = (dot < 0 ? value.length() : dot) - 2;
        final double degrees = Double.parseDouble(value.substring(0, degreeDigits));
        final double minutes = Double.parseDouble(value.substring(degreeDigits));
        if (minutes >= 60) {
            throw new NumberFormatException("minutes " + minutes);
        }
        final double decimal = degrees + minutes / 60;
        out.put(key, "S".equals(hemisphere) || "W".equals(hemisphere) ? -decimal : decimal);
    }

    private static void putDouble(final Map<String, Object> out, final String key, final String value) {
        if (!value.isEmpty()) {
            out.put(key, Double.parseDouble(value));
        }
    }

    private static void putLong(final Map<String, Object> out, final String key, final String value) {
        if (!value.isEmpty()) {
            out.put(key, Long.parseLong(value));
        }
    }

    private static void putString(final Map<String, Object> out, final String key, final String value) {
        if (!value.isEmpty()) {
            out.put(key, value);
        }
    }
}
