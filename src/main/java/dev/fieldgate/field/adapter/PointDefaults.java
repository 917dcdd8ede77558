package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Endianness;
import dev.fieldgate.field.Reporting;

import java.time.Duration;

/**
 * Settings inherited by points that do not set them: adapter file, profile and device each may override.
 *
 * @param byteOrder    byte order inside a register
 * @param wordOrder    register order of multi-register values
 * @param interval     poll interval
 * @param addressBase  0 when addresses are wire addresses, 1 when they are counted from 1 as in many vendor tables
 * @param shadow       whether points are reported in the device's shadow
 * @param deadband     smallest numeric change reported to the shadow again
 * @param report       how readings go upstream
 */
record PointDefaults(Endianness byteOrder, Endianness wordOrder, Duration interval, int addressBase, boolean shadow,
                     double deadband, Reporting report) {

    /** Modbus' own conventions, a one-second poll, every point in the shadow. */
    static final PointDefaults BUILT_IN = new PointDefaults(Endianness.BIG, Endianness.BIG, Duration.ofSeconds(1), 0,
            true, 0, Reporting.EVERY_POLL);

    static final String[] KEYS = {"byte-order", "word-order", "interval", "address-base", "shadow", "deadband",
        "report", "report-deadband", "heartbeat"};

    /** @return these defaults overridden by whatever {@code node} sets. */
    PointDefaults overriddenBy(final YamlNode node) {
        return new PointDefaults(
                node.optional("byte-order").map(PointParser::endianness).orElse(byteOrder),
                node.optional("word-order").map(PointParser::endianness).orElse(wordOrder),
                node.optional("interval").map(PointParser::interval).orElse(interval),
                node.optional("address-base").map(n -> n.integer(0, 1)).orElse(addressBase),
                node.optional("shadow").map(YamlNode::bool).orElse(shadow),
                node.optional("deadband").map(PointParser::deadband).orElse(deadband),
                ReportingParser.overriddenBy(node, report));
    }
}
