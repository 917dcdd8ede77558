package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Endianness;
import dev.fieldgate.field.Reporting;
import dev.fieldgate.field.serial.BinaryFrameParser;
import dev.fieldgate.field.serial.BinaryFrameSpec;
import dev.fieldgate.field.serial.DropReason;
import dev.fieldgate.field.serial.FrameParser;
import dev.fieldgate.field.serial.JsonPointerDecoder;
import dev.fieldgate.field.serial.KeyValueDecoder;
import dev.fieldgate.field.serial.LineDecoder;
import dev.fieldgate.field.serial.LineFramer;
import dev.fieldgate.field.serial.NmeaDecoder;
import dev.fieldgate.field.serial.RegexDecoder;
import dev.fieldgate.field.serial.SensorSpec;
import dev.fieldgate.field.serial.WholeMessageParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.PatternSyntaxException;

/** Reads the {@code device} mapping of a serial-sensor adapter file: its parser and points. */
final class SensorParser {

    private static final String[] DEVICE_KEYS = {"id", "parser", "points", "interval", "profile", "report",
        "report-deadband", "heartbeat"};
    private static final String[] POINT_KEYS = {"name", "field", "scale", "offset", "unit"};
    private static final Set<String> NMEA_FIELDS = Set.of("gga.latitude", "gga.longitude", "gga.fix-quality",
            "gga.satellites", "gga.hdop", "gga.altitude", "rmc.valid", "rmc.latitude", "rmc.longitude",
            "rmc.speed-knots", "rmc.course", "mwv.valid", "mwv.wind-angle", "mwv.reference", "mwv.wind-speed",
            "mwv.speed-unit");

    private SensorParser() {
    }

    /** A parser factory and the field names it can produce. */
    private record Parser(Supplier<FrameParser> factory, Predicate<String> knowsField, String fieldHint) {
    }

    /**
     * @param wholeMessages true when the transport delivers whole messages (MQTT), false for a byte stream
     */
    static SensorSpec parse(final YamlNode node, final java.util.function.Consumer<String> deviceIdCheck,
                            final ProfileCatalog profiles, final boolean wholeMessages) {
        node.allowOnly(DEVICE_KEYS);
        final String id = AdapterLoader.deviceId(node, deviceIdCheck);
        if (!node.has("profile")) {
            return parseBody(node, id, wholeMessages);
        }
        if (wholeMessages) {
            throw node.required("profile").problem("sensor profiles describe serial streams; give 'parser' and 'points' "
                    + "for a device on MQTT");
        }
        for (final String own : new String[] {"parser", "points"}) {
            if (node.has(own)) {
                throw node.required(own).problem("set either 'profile' or '" + own + "', not both");
            }
        }
        final YamlNode ref = node.required("profile");
        final SensorSpec fromProfile = profiles.findSensor(ref.nonBlank()).orElseThrow(() -> ref.problem(
                "no serial sensor profile '" + ref.text() + "'; known: " + String.join(", ", profiles.allSensors().keySet())))
                .sensor();
        final Duration interval = node.optional("interval").map(SensorParser::interval).orElse(fromProfile.interval());
        return new SensorSpec(id, fromProfile.parser(), fromProfile.points(), interval,
                ReportingParser.overriddenBy(node, fromProfile.report()));
    }

    /**
     * Reads the {@code device} of a sparkplug adapter: its id and points named after the edge node's metrics
     * ({@code metric}), with the same scale, offset and unit as sensor points.
     */
    static SensorSpec parseMetrics(final YamlNode node, final java.util.function.Consumer<String> deviceIdCheck) {
        node.allowOnly("id", "points", "report", "report-deadband", "heartbeat");
        final String id = AdapterLoader.deviceId(node, deviceIdCheck);
        final List<SensorSpec.SensorPoint> points = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (final YamlNode p : node.required("points").items()) {
            p.allowOnly("name", "metric", "scale", "offset", "unit");
            points.add(new SensorSpec.SensorPoint(pointName(p, names), p.required("metric").nonBlank(), scale(p),
                    p.optional("offset").map(YamlNode::decimal).orElse(0.0),
                    p.optional("unit").map(YamlNode::text).orElse("")));
        }
        if (points.isEmpty()) {
            throw node.required("points").problem("a sparkplug device needs at least one point");
        }
        // Sparkplug payloads are decoded by the Sparkplug reader, which holds the aliases of the births; this
        // parser is never fed and would drop anything it got
        return new SensorSpec(id, () -> (data, length, sink) -> sink.dropped(DropReason.MALFORMED,
                "Sparkplug payloads are decoded by the Sparkplug reader"), points, Duration.ofSeconds(1),
                ReportingParser.overriddenBy(node, Reporting.EVERY_POLL));
    }

    /** Reads {@code parser}, {@code points} and {@code interval} of a sensor device or sensor profile. */
    static SensorSpec parseBody(final YamlNode node, final String id, final boolean wholeMessages) {
        final Parser parser = parser(node.required("parser"), node.required("points"), wholeMessages);
        final List<SensorSpec.SensorPoint> points = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (final YamlNode p : node.required("points").items()) {
            p.allowOnly(POINT_KEYS);
            final String name = pointName(p, names);
            final YamlNode fieldNode = p.required("field");
            final String field = fieldNode.nonBlank();
            if (!parser.knowsField().test(field)) {
                throw fieldNode.problem("this parser produces no field '" + field + "'; it produces " + parser.fieldHint());
            }
            points.add(new SensorSpec.SensorPoint(name, field, scale(p),
                    p.optional("offset").map(YamlNode::decimal).orElse(0.0),
                    p.optional("unit").map(YamlNode::text).orElse("")));
        }
        if (points.isEmpty()) {
            throw node.required("points").problem("a sensor needs at least one point");
        }
        final Duration interval = node.optional("interval").map(SensorParser::interval).orElse(Duration.ofSeconds(1));
        return new SensorSpec(id, parser.factory(), points, interval,
                ReportingParser.overriddenBy(node, Reporting.EVERY_POLL));
    }

    /** Reads a point's {@code name}: unique in the device, usable as a JSON key and topic level. */
    private static String pointName(final YamlNode p, final Set<String> names) {
        final String name = p.required("name").nonBlank();
        if (!name.matches("[A-Za-z0-9_.-]{1,64}") || !names.add(name)) {
            throw p.required("name").problem("point name '" + name + "' must be unique and 1-64 of A-Z a-z 0-9 _ . -");
        }
        return name;
    }

    private static double scale(final YamlNode p) {
        final double scale = p.optional("scale").map(YamlNode::decimal).orElse(1.0);
        if (scale == 0) {
            throw p.required("scale").problem("scale must not be 0");
        }
        return scale;
    }

    private static Duration interval(final YamlNode n) {
        return n.duration(Duration.ofMillis(100), Duration.ofHours(1));
    }

    private static Parser parser(final YamlNode node, final YamlNode points, final boolean wholeMessages) {
        final YamlNode typeNode = node.required("type");
        final String type = typeNode.text().trim();
        switch (type) {
            case "json": {
                node.allowOnly("type", "max-line");
                final List<String> pointers = new ArrayList<>();
                for (final YamlNode p : points.items()) {
                    final YamlNode field = p.required("field");
                    try {
                        JsonPointerDecoder.compile(field.nonBlank());
                    } catch (final IllegalArgumentException e) {
                        throw field.problem(e.getMessage());
                    }
                    pointers.add(field.text().trim());
                }
                return lines(node, new JsonPointerDecoder(pointers), f -> f.startsWith("/"), "JSON pointers such as /temp",
                        wholeMessages);
            }
            case "nmea": {
                node.allowOnly("type", "checksum", "max-line");
                final boolean required = node.optional("checksum").map(n -> choice(n, "required", "optional"))
                        .map("required"::equals).orElse(true);
                return lines(node, new NmeaDecoder(required),
                        f -> NMEA_FIELDS.contains(f) || f.startsWith("xdr."), String.join(", ", NMEA_FIELDS) + ", xdr.<name>",
                        wholeMessages);
            }
            case "key-value": {
                node.allowOnly("type", "pair-separator", "key-separator", "max-line");
                final LineDecoder d;
                try {
                    d = new KeyValueDecoder(node.optional("pair-separator").map(YamlNode::text).orElse(";"),
                            node.optional("key-separator").map(YamlNode::text).orElse("="));
                } catch (final IllegalArgumentException e) {
                    throw node.problem(e.getMessage());
                }
                return lines(node, d, f -> true, "the keys the sensor sends", wholeMessages);
            }
            case "regex": {
                node.allowOnly("type", "pattern", "max-line");
                final YamlNode patternNode = node.required("pattern");
                final RegexDecoder d;
                try {
                    d = new RegexDecoder(patternNode.text());
                } catch (final PatternSyntaxException e) {
                    throw patternNode.problem("not a valid regular expression: " + e.getDescription());
                } catch (final IllegalArgumentException e) {
                    throw patternNode.problem(e.getMessage());
                }
                final Set<String> groups = Set.of(d.groups());
                return lines(node, d, groups::contains, "the named groups " + String.join(", ", d.groups()),
                        wholeMessages);
            }
            case "binary":
                return binary(node);
            default:
                throw typeNode.problem("unknown parser type '" + type + "'; use json, nmea, key-value, regex or binary");
        }
    }

    private static Parser lines(final YamlNode node, final LineDecoder decoder, final Predicate<String> fields,
                                final String hint, final boolean wholeMessages) {
        if (wholeMessages) {
            final int maxLength = node.optional("max-line").map(n -> n.integer(16, 1 << 20)).orElse(64 * 1024);
            return new Parser(() -> new WholeMessageParser(decoder, maxLength), fields, hint);
        }
        final int maxLine = node.optional("max-line").map(n -> n.integer(16, 65536)).orElse(512);
        return new Parser(() -> new LineFramer(decoder, maxLine), fields, hint);
    }

    private static Parser binary(final YamlNode node) {
        node.allowOnly("type", "start", "length", "length-field", "stop", "checksum", "fields", "max-length");
        final byte[] start = hex(node.required("start"));
        final int fixed = node.optional("length").map(n -> n.integer(1, 4096)).orElse(0);
        int lengthOffset = 0;
        int lengthSize = 0;
        int adjust = 0;
        final YamlNode lengthField = node.optional("length-field").orElse(null);
        if ((fixed == 0) == (lengthField == null)) {
            throw node.problem("give either 'length' (fixed frames) or 'length-field', not both or neither");
        }
        if (lengthField != null) {
            lengthField.allowOnly("offset", "size", "adjust");
            lengthOffset = lengthField.required("offset").integer(0, 4095);
            lengthSize = lengthField.optional("size").map(n -> n.integer(1, 2)).orElse(1);
            adjust = lengthField.optional("adjust").map(n -> n.integer(-4096, 4096)).orElse(0);
        }
        BinaryFrameSpec.Checksum checksum = BinaryFrameSpec.Checksum.NONE;
        int checksumFrom = 0;
        Endianness checksumOrder = Endianness.LITTLE;
        final YamlNode cs = node.optional("checksum").orElse(null);
        if (cs != null) {
            cs.allowOnly("type", "from", "order");
            final YamlNode t = cs.required("type");
            checksum = switch (choice(t, "none", "xor", "sum8", "crc16-modbus")) {
                case "xor" -> BinaryFrameSpec.Checksum.XOR;
                case "sum8" -> BinaryFrameSpec.Checksum.SUM8;
                case "crc16-modbus" -> BinaryFrameSpec.Checksum.CRC16_MODBUS;
                default -> BinaryFrameSpec.Checksum.NONE;
            };
            checksumFrom = cs.optional("from").map(n -> n.integer(0, 4095)).orElse(0);
            checksumOrder = cs.optional("order").map(PointParser::endianness).orElse(Endianness.LITTLE);
        }
        final List<BinaryFrameSpec.Field> fields = new ArrayList<>();
        for (final YamlNode f : node.required("fields").items()) {
            f.allowOnly("name", "offset", "type", "byte-order");
            final YamlNode typeNode = f.required("type");
            final BinaryFrameSpec.FieldType type;
            try {
                type = BinaryFrameSpec.FieldType.valueOf(typeNode.text().trim().toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw typeNode.problem("unknown field type '" + typeNode.text()
                        + "'; use uint8, int8, uint16, int16, uint32, int32 or float32");
            }
            fields.add(new BinaryFrameSpec.Field(f.required("name").nonBlank(), f.required("offset").integer(0, 4095), type,
                    f.optional("byte-order").map(PointParser::endianness).orElse(Endianness.BIG)));
        }
        final BinaryFrameSpec spec;
        try {
            spec = new BinaryFrameSpec(start, fixed, lengthOffset, lengthSize, adjust,
                    node.optional("stop").map(SensorParser::hex).orElse(new byte[0]), checksum, checksumFrom,
                    checksumOrder, fields, node.optional("max-length").map(n -> n.integer(1, 4096)).orElse(256));
        } catch (final IllegalArgumentException e) {
            throw node.problem(e.getMessage());
        }
        final Set<String> names = new HashSet<>();
        fields.forEach(f -> names.add(f.name()));
        return new Parser(() -> new BinaryFrameParser(spec), names::contains, "the fields " + String.join(", ", names));
    }

    private static String choice(final YamlNode n, final String... options) {
        final String v = n.text().trim();
        for (final String o : options) {
            if (o.equals(v)) {
                return v;
            }
        }
        throw n.problem("'" + v + "' is not one of " + String.join(", ", options));
    }

    private static byte[] hex(final YamlNode n) {
        try {
            return HexFormat.of().parseHex(n.text().replaceAll("[\\s:]", ""));
        } catch (final IllegalArgumentException e) {
            throw n.problem("'" + n.text() + "' is not hex bytes such as \"AA 55\"");
        }
    }
}
