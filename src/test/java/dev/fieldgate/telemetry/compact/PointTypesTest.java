package dev.fieldgate.telemetry.compact;

import dev.fieldgate.telemetry.compact.proto.PointInfo;
import dev.fieldgate.telemetry.compact.proto.ValueType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A point's type in the compact encoding: the narrowest column that gives every value back exactly. */
class PointTypesTest {

    @Test
    void should_choose_the_narrowest_exact_column_for_a_first_value() {
        assertThat(type(null, 7L)).isEqualTo("INTEGER/0");
        assertThat(type(null, true)).isEqualTo("BOOLEAN/0");
        assertThat(type(null, 51.8)).as("a scaled register value").isEqualTo("DECIMAL/1");
        assertThat(type(null, 230.0)).isEqualTo("DECIMAL/0");
        assertThat(type(null, (double) 229.0123f)).as("a float32 register").isEqualTo("FLOAT/0");
        assertThat(type(null, 0.1 * 3)).isEqualTo("DOUBLE/0");
        assertThat(type(null, -0.0)).as("the sign of zero survives").isEqualTo("FLOAT/0");
        assertThat(type(null, "AUTO")).isEqualTo("TEXT/0");
    }

    @Test
    void should_only_widen_and_only_as_far_as_needed() {
        assertThat(type(point(ValueType.INTEGER, 0), 2.5)).isEqualTo("DECIMAL/1");
        assertThat(type(point(ValueType.DECIMAL, 1), 2.25)).isEqualTo("DECIMAL/2");
        assertThat(type(point(ValueType.DECIMAL, 2), 2.5)).as("fewer places fit").isEqualTo("DECIMAL/2");
        assertThat(type(point(ValueType.DECIMAL, 2), 3L)).isEqualTo("DECIMAL/2");
        assertThat(type(point(ValueType.DECIMAL, 1), 0.1 * 3)).isEqualTo("DOUBLE/0");
        assertThat(type(point(ValueType.FLOAT, 0), 2.5)).as("a float carries it").isEqualTo("FLOAT/0");
        assertThat(type(point(ValueType.DOUBLE, 0), 2.5)).as("never narrows").isEqualTo("DOUBLE/0");
        assertThat(type(point(ValueType.INTEGER, 0), Long.MIN_VALUE)).isEqualTo("INTEGER/0");
        assertThat(type(point(ValueType.DECIMAL, 1), Long.MIN_VALUE)).as("no double holds it").isEqualTo("TEXT/0");
        assertThat(type(point(ValueType.BOOLEAN, 0), 1L)).isEqualTo("TEXT/0");
    }

    @Test
    void should_give_back_every_decimal_bit_for_bit() {
        for (long raw = -100_000; raw <= 100_000; raw += 7) {
            for (int places = 0; places <= PointTypes.MAX_DECIMALS; places++) {
                final double v = java.math.BigDecimal.valueOf(raw, places).doubleValue();
                final PointInfo p = PointTypes.fit(PointInfo.getDefaultInstance(), v);
                assertThat(p.getType()).as("%s", v).isEqualTo(ValueType.DECIMAL);
                assertThat(p.getDecimals()).as("%s", v).isLessThanOrEqualTo(places);
                assertThat(Double.doubleToRawLongBits(PointTypes.decimal(PointTypes.mantissa(v, p.getDecimals()),
                        p.getDecimals()))).as("%s", v).isEqualTo(Double.doubleToRawLongBits(v));
            }
        }
    }

    private static PointInfo point(final ValueType type, final int decimals) {
        return PointInfo.newBuilder().setType(type).setDecimals(decimals).build();
    }

    private static String type(final PointInfo current, final Object value) {
        final PointInfo p = PointTypes.fit(current == null ? PointInfo.getDefaultInstance() : current, value);
        return p.getType() + "/" + p.getDecimals();
    }
}
