package dev.fieldgate.field.modbus;

import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterType;

import java.util.List;
import java.util.Objects;

/**
 * One Modbus read request and the points decoded from its answer.
 *
 * @param table   the table read
 * @param start   wire address of the first item
 * @param count   number of items (registers or bits)
 * @param points  the points inside [start, start+count)
 */
public record ReadBlock(RegisterType table, int start, int count, List<Point> points) {

    /** Checks the protocol's per-request limits and copies the points. */
    public ReadBlock {
        Objects.requireNonNull(table, "table");
        points = List.copyOf(points);
        if (count < 1 || count > table.maxItemsPerRequest()) {
            throw new IllegalArgumentException("count " + count + " outside 1.." + table.maxItemsPerRequest());
        }
    }

    /** @return wire address one past the last item read. */
    public int end() {
        return start + count;
    }
}
