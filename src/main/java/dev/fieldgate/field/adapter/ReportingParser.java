package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Reporting;

import java.time.Duration;

/**
 * Reads the telemetry reporting keys that defaults, devices and points may set, each overriding what it
 * inherits: {@code report: every-poll | on-change}, {@code report-deadband: 0.5}, {@code heartbeat: 10m}.
 */
final class ReportingParser {

    private ReportingParser() {
    }

    /**
     * @param node       a defaults, device or point mapping
     * @param inherited  what applies when the node sets none of the keys
     * @return the inherited reporting with whatever {@code node} sets
     * @throws AdapterConfigException naming the key that is wrong
     */
    static Reporting overriddenBy(final YamlNode node, final Reporting inherited) {
        if (!node.has("report") && !node.has("report-deadband") && !node.has("heartbeat")) {
            return inherited;
        }
        final boolean onChange = node.optional("report").map(ReportingParser::onChange).orElse(inherited.onChange());
        final double deadband = node.optional("report-deadband").map(ReportingParser::deadband)
                .orElse(inherited.deadband());
        final Duration heartbeat = node.optional("heartbeat").map(ReportingParser::heartbeat)
                .orElse(inherited.heartbeat());
        return new Reporting(onChange, deadband, heartbeat);
    }

    private static boolean onChange(final YamlNode n) {
        switch (n.text()) {
            case "on-change":
                return true;
            case "every-poll":
                return false;
            default:
                throw n.problem("report '" + n.text() + "' is not every-poll or on-change");
        }
    }

    private static double deadband(final YamlNode n) {
        final double d = n.decimal();
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw n.problem("report-deadband must be a number of 0 or more");
        }
        return d;
    }

    private static Duration heartbeat(final YamlNode n) {
        return n.duration(Reporting.MIN_HEARTBEAT, Reporting.MAX_HEARTBEAT);
    }
}
