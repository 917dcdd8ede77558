package dev.fieldgate.field.adapter;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Endianness;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.RegisterOrder;
import dev.fieldgate.field.RegisterType;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Turns one {@code points[]} entry of an adapter or profile file into a {@link Point}. */
final class PointParser {

    static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);

    private static final String[] KEYS = {"name", "register-type", "address", "data-type", "count", "bit",
        "byte-order", "word-order", "scale", "offset", "unit", "interval", "writable", "min", "max", "shadow", "deadband",
        "report", "report-deadband", "heartbeat"};

    private PointParser() {
    }

    /**
     * @param node      the point's mapping
     * @param defaults  inherited byte/word order, interval and address base
     * @return the point
     * @throws AdapterConfigException naming the key and line of the first problem
     */
    static Point parse(final YamlNode node, final PointDefaults defaults) {
        node.allowOnly(KEYS);
        final String name = node.required("name").nonBlank();
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw node.required("name").problem("point name '" + name + "' must be 1-64 of A-Z a-z 0-9 _ . -");
        }
        final YamlNode tableNode = node.required("register-type");
        final RegisterType table = RegisterType.fromConfigName(tableNode.text())
                .orElseThrow(() -> tableNode.problem("unknown register-type '" + tableNode.text() + "'; use one of "
                        + Arrays.stream(RegisterType.values()).map(RegisterType::configName).collect(Collectors.joining(", "))));
        final YamlNode typeNode = node.optional("data-type").orElse(null);
        final DataType type = typeNode == null
                ? (table.isBitTable() ? DataType.BOOL : DataType.UINT16)
                : DataType.fromConfigName(typeNode.text()).orElseThrow(() -> typeNode.problem("unknown data-type '"
                        + typeNode.text() + "'; use one of " + Arrays.stream(DataType.values())
                        .map(DataType::configName).collect(Collectors.joining(", "))));
        final int width = width(node, type);
        if (type != DataType.BIT && node.has("bit")) {
            throw node.required("bit").problem("bit is only for data-type bit");
        }
        final YamlNode addressNode = node.required("address");
        final int address = addressNode.integer(defaults.addressBase(), Point.MAX_ADDRESS + defaults.addressBase())
                - defaults.addressBase();
        final PointDefaults own = defaults.overriddenBy(node);
        try {
            return new Point(name, table, address, type, width,
                    node.optional("bit").map(n -> n.integer(0, 15)).orElse(0),
                    new RegisterOrder(own.byteOrder(), own.wordOrder()),
                    node.optional("scale").map(YamlNode::decimal).orElse(1.0),
                    node.optional("offset").map(YamlNode::decimal).orElse(0.0),
                    node.optional("unit").map(YamlNode::text).orElse(""),
                    own.interval(),
                    options(node, own));
        } catch (final IllegalArgumentException e) {
            throw node.problem(e.getMessage());
        }
    }

    private static PointOptions options(final YamlNode node, final PointDefaults defaults) {
        return new PointOptions(
                node.optional("writable").map(YamlNode::bool).orElse(false),
                node.optional("min").map(YamlNode::decimal).orElse(Double.NEGATIVE_INFINITY),
                node.optional("max").map(YamlNode::decimal).orElse(Double.POSITIVE_INFINITY),
                node.optional("shadow").map(YamlNode::bool).orElse(defaults.shadow()),
                node.optional("deadband").map(PointParser::deadband).orElse(defaults.deadband()),
                ReportingParser.overriddenBy(node, defaults.report()));
    }

    static double deadband(final YamlNode n) {
        final double d = n.decimal();
        if (d < 0) {
            throw n.problem("deadband must be 0 or more");
        }
        return d;
    }

    private static int width(final YamlNode node, final DataType type) {
        if (type == DataType.STRING) {
            return node.required("count").integer(1, RegisterType.MAX_REGISTERS_PER_REQUEST);
        }
        if (node.has("count")) {
            throw node.required("count").problem("count is only for data-type string; "
                    + type.configName() + " always spans " + type.fixedWidth());
        }
        return type.fixedWidth();
    }

    static Endianness endianness(final YamlNode n) {
        return Endianness.fromConfigName(n.text()).orElseThrow(() -> n.problem("'" + n.text()
                + "' is not big or little"));
    }

    static Duration interval(final YamlNode n) {
        return n.duration(MIN_INTERVAL, MAX_INTERVAL);
    }
}
