package dev.fieldgate.telemetry.compact;

import dev.fieldgate.telemetry.compact.proto.PointInfo;
import dev.fieldgate.telemetry.compact.proto.ValueType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** A point's type in the compact encoding: the narrowest column that gives every value seen back exactly. */
class ValueStatsTest {

    @Test
    void should_choose_the_narrowest_exact_column_for_a_first_value() {
        assertThat(type(7L)).isEqualTo("INTEGER/0");
        assertThat(type(true)).isEqualTo("BOOLEAN/0");
        assertThat(type(51.8)).as("a scaled register value").isEqualTo("DECIMAL/1");
        assertThat(type(230.0)).isEqualTo("DECIMAL/0");
        assertThat(type((double) 229.0123f)).as("a float32 register").isEqualTo("FLOAT/0");
        assertThat(type(0.1 * 3)).isEqualTo("DOUBLE/0");
        assertThat(type(-0.0)).as("the sign of zero survives").isEqualTo("FLOAT/0");
        assertThat(type("AUTO")).isEqualTo("TEXT/0");
        assertThat(type()).isEqualTo("VALUE_TYPE_UNSPECIFIED/0");
    }

    @Test
    void should_follow_what_all_values_have_in_common() {
        assertThat(type(1L, 2.5)).isEqualTo("DECIMAL/1");
        assertThat(type(2.5, 2.25, 3L)).isEqualTo("DECIMAL/2");
        assertThat(type(51.8, 0.1 * 3)).isEqualTo("DOUBLE/0");
        assertThat(type(22.5, (double) 22.37f)).as("a float register whose first value looked decimal")
                .isEqualTo("FLOAT/0");
        assertThat(type((double) 22.37f, 22.5)).isEqualTo("FLOAT/0");
        assertThat(type(51.8, (double) 22.37f)).as("neither every value a float nor a decimal").isEqualTo("DOUBLE/0");
        assertThat(type(Long.MIN_VALUE)).isEqualTo("INTEGER/0");
        assertThat(type(1.5, Long.MIN_VALUE)).as("no double holds it").isEqualTo("TEXT/0");
        assertThat(type(true, 1L)).isEqualTo("TEXT/0");
        assertThat(type(123_456_789_012.5, 0.000_001)).as("mantissas must stay exact doubles").isEqualTo("DOUBLE/0");
    }

    @Test
    void should_stay_the_same_instance_when_a_value_changes_nothing() {
        final ValueStats s = ValueStats.NONE.with(51.8);
        assertThat(s.with(12.3)).isSameAs(s);
        assertThat(s.with(60.0)).as("a counter rising within its power of two").isSameAs(s);
        assertThat(s.with(100.0)).as("a magnitude twice as large is news").isNotSameAs(s);
        assertThat(type(1.5, Double.NaN)).as("NaN only as text").isEqualTo("TEXT/0");
    }

    @Test
    void should_give_back_every_decimal_bit_for_bit() {
        for (long raw = -100_000; raw <= 100_000; raw += 7) {
            for (int places = 0; places <= ValueStats.MAX_DECIMALS; places++) {
                final double v = BigDecimal.valueOf(raw, places).doubleValue();
                final PointInfo p = ValueStats.NONE.with(v).type().build();
                assertThat(p.getType()).as("%s", v).isEqualTo(ValueType.DECIMAL);
                assertThat(p.getDecimals()).as("%s", v).isLessThanOrEqualTo(places);
                // and at more places than it needs, as when other values of its point need them
                for (int k = p.getDecimals(); k <= ValueStats.MAX_DECIMALS; k++) {
                    assertThat(Double.doubleToRawLongBits(ValueStats.decimal(ValueStats.mantissa(v, k), k)))
                            .as("%s at %d places", v, k).isEqualTo(Double.doubleToRawLongBits(v));
                }
            }
        }
    }

    private static String type(final Object... values) {
        ValueStats s = ValueStats.NONE;
        for (final Object v : values) {
            s = s.with(v);
        }
        final PointInfo p = s.type().build();
        return p.getType() + "/" + p.getDecimals();
    }
}
