package dev.fieldgate.field.modbus;

import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Coalesces points into as few read requests as the protocol allows: points of one table whose items are
 * contiguous (or separated by at most {@code maxGap} unused items) share a request of at most 125 registers
 * or 2000 bits.
 */
public final class RequestPlanner {

    private RequestPlanner() {
    }

    /**
     * Plans the read requests for a set of points.
     *
     * @param points  points to read; any tables, any order, overlaps allowed
     * @param maxGap  largest number of unused items a request may read to join two points
     * @return blocks ordered by table, then address
     */
    public static List<ReadBlock> plan(final List<Point> points, final int maxGap) {
        final Map<RegisterType, List<Point>> byTable = new EnumMap<>(RegisterType.class);
        for (final Point p : points) {
            byTable.computeIfAbsent(p.table(), t -> new ArrayList<>()).add(p);
        }
        final List<ReadBlock> blocks = new ArrayList<>();
        byTable.forEach((table, tablePoints) -> blocks.addAll(planTable(table, tablePoints, maxGap)));
        return blocks;
    }

    private static List<ReadBlock> planTable(final RegisterType table, final List<Point> points, final int maxGap) {
        final List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(Point::address).thenComparingInt(Point::endAddress));
        final List<ReadBlock> blocks = new ArrayList<>();
        List<Point> current = new ArrayList<>();
        int start = 0;
        int end = 0;
        for (final Point p : sorted) {
            final int newEnd = Math.max(end, p.endAddress());
            final boolean joins = !current.isEmpty()
                    && p.address() - end <= maxGap
                    && newEnd - start <= table.maxItemsPerRequest();
            if (!joins) {
                if (!current.isEmpty()) {
                    blocks.add(new ReadBlock(table, start, end - start, current));
                }
                current = new ArrayList<>();
                start = p.address();
            }
            current.add(p);
            end = joins ? newEnd : p.endAddress();
        }
        if (!current.isEmpty()) {
            blocks.add(new ReadBlock(table, start, end - start, current));
        }
        return blocks;
    }
}
