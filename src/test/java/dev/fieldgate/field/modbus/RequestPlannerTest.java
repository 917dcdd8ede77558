package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterOrder;
import dev.fieldgate.field.RegisterType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPlannerTest {

    @Test
    void should_join_contiguous_points_into_one_request() {
        final List<ReadBlock> blocks = RequestPlanner.plan(List.of(
                reg("a", 0, DataType.FLOAT32), reg("b", 2, DataType.FLOAT32), reg("c", 4, DataType.UINT16)), 0);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).start()).isZero();
        assertThat(blocks.get(0).count()).isEqualTo(5);
        assertThat(blocks.get(0).points()).extracting(Point::name).containsExactly("a", "b", "c");
    }

    @Test
    void should_split_at_gaps_larger_than_max_gap() {
        final List<Point> points = List.of(reg("a", 0, DataType.UINT16), reg("b", 5, DataType.UINT16));
        assertThat(RequestPlanner.plan(points, 0)).hasSize(2);
        assertThat(RequestPlanner.plan(points, 3)).hasSize(2);
        final List<ReadBlock> joined = RequestPlanner.plan(points, 4);
        assertThat(joined).hasSize(1);
        assertThat(joined.get(0).count()).isEqualTo(6);
    }

    @Test
    void should_never_exceed_125_registers_per_request() {
        final List<Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(reg("f" + i, i * 2, DataType.FLOAT32));   // 200 contiguous registers
        }
        final List<ReadBlock> blocks = RequestPlanner.plan(points, 0);
        assertThat(blocks).extracting(ReadBlock::count).containsExactly(124, 76);
        assertThat(blocks).allSatisfy(b -> assertThat(b.count()).isLessThanOrEqualTo(125));
        // a float32 is never split across two requests
        assertThat(blocks.get(0).end()).isEqualTo(blocks.get(1).start());
    }

    @Test
    void should_allow_2000_coils_per_request() {
        final List<Point> points = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            points.add(new Point("c" + i, RegisterType.COIL, i, DataType.BOOL, 1, 0, RegisterOrder.ABCD, 1, 0, "",
                    Duration.ofSeconds(1)));
        }
        assertThat(RequestPlanner.plan(points, 0)).extracting(ReadBlock::count).containsExactly(2000, 500);
    }

    @Test
    void should_keep_tables_apart_and_share_overlapping_registers() {
        final List<ReadBlock> blocks = RequestPlanner.plan(List.of(
                reg("word", 10, DataType.UINT16),
                new Point("bit3", RegisterType.HOLDING_REGISTER, 10, DataType.BIT, 1, 3, RegisterOrder.ABCD, 1, 0, "",
                        Duration.ofSeconds(1)),
                new Point("ir", RegisterType.INPUT_REGISTER, 10, DataType.UINT16, 1, 0, RegisterOrder.ABCD, 1, 0, "",
                        Duration.ofSeconds(1))), 0);
        assertThat(blocks).hasSize(2);
        assertThat(blocks).extracting(ReadBlock::table)
                .containsExactlyInAnyOrder(RegisterType.HOLDING_REGISTER, RegisterType.INPUT_REGISTER);
        final ReadBlock holding = blocks.stream().filter(b -> b.table() == RegisterType.HOLDING_REGISTER).findFirst().orElseThrow();
        assertThat(holding.count()).isEqualTo(1);
        assertThat(holding.points()).hasSize(2);
    }

    @Test
    void should_sort_unordered_points() {
        final List<ReadBlock> blocks = RequestPlanner.plan(List.of(reg("b", 2, DataType.UINT16),
                reg("a", 0, DataType.INT32)), 0);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).points()).extracting(Point::name).containsExactly("a", "b");
    }

    static Point reg(final String name, final int address, final DataType type) {
        return new Point(name, RegisterType.HOLDING_REGISTER, address, type, type.fixedWidth(), 0, RegisterOrder.ABCD,
                1, 0, "", Duration.ofSeconds(1));
    }
}
