package dev.fieldgate.demo;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Point;

import java.util.Locale;

/** Plausible moving values for simulated points, chosen by the point's unit (230 V mains, 50 Hz, …). */
final class DemoSignal {

    private DemoSignal() {
    }

    /**
     * @param p        the point
     * @param unitId   varies the phase between devices
     * @param seconds  time since the simulation started
     * @return a value that fits the point's data type
     */
    static Object valueAt(final Point p, final int unitId, final double seconds) {
        if (p.dataType() == DataType.BOOL || p.dataType() == DataType.BIT) {
            return ((long) (seconds / 5) + unitId) % 2 == 0;
        }
        if (p.dataType() == DataType.STRING) {
            return "FG-DEMO-" + unitId;
        }
        final double phase = (p.name().hashCode() % 17) + unitId;
        final double[] centreAmplitude = range(p.unit());
        double v = centreAmplitude[0] + centreAmplitude[1] * Math.sin(seconds / 10 + phase);
        if (centreAmplitude[1] < 0) {
            v = centreAmplitude[0] + seconds * -centreAmplitude[1];
        }
        return clamp(v, p);
    }

    /** @return centre and amplitude; a negative amplitude means a counter rising by that much per second */
    private static double[] range(final String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "v": return new double[] {230, 4};
            case "a": return new double[] {12, 6};
            case "hz": return new double[] {50, 0.05};
            case "°c": case "degc": case "c": return new double[] {22, 3};
            case "%": case "%rh": return new double[] {45, 10};
            case "w": return new double[] {2500, 800};
            case "kw": return new double[] {2.5, 0.8};
            case "kwh": case "wh": return new double[] {1000, -0.01};
            case "rpm": return new double[] {1450, 20};
            default: return new double[] {50, 25};
        }
    }

    private static Object clamp(final double v, final Point p) {
        final double raw = (v - p.offset()) / p.scale();
        final double lo;
        final double hi;
        switch (p.dataType()) {
            case INT16: lo = Short.MIN_VALUE; hi = Short.MAX_VALUE; break;
            case UINT16: lo = 0; hi = 0xFFFF; break;
            case INT32: lo = Integer.MIN_VALUE; hi = Integer.MAX_VALUE; break;
            case UINT32: lo = 0; hi = 0xFFFF_FFFFL; break;
            case INT64: lo = -1e15; hi = 1e15; break;
            default: return v;
        }
        return Math.rint(Math.max(lo, Math.min(hi, raw))) * p.scale() + p.offset();
    }
}
