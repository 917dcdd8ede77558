import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw ceiling for bench/end-to-end.sh: j2mod's TCP master alone, one thread per connection, reading the
 * same registers of the same units back to back, nothing decoded, stored or sent. Prints readings/s.
 * Run with the single-file launcher: java -cp 'target/quarkus-app/lib/main/*' bench/RawTcpPoll.java
 * SECONDS UNITS REGISTERS PORT...
 */
public final class RawTcpPoll {
    public static void main(final String[] args) throws Exception {
        final long seconds = Long.parseLong(args[0]);
        final int units = Integer.parseInt(args[1]);
        final int regs = Integer.parseInt(args[2]);
        final AtomicLong readings = new AtomicLong();
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        final List<Thread> threads = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            final int port = Integer.parseInt(args[i]);
            final Thread t = new Thread(() -> {
                final ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port);
                try {
                    m.connect();
                    while (System.nanoTime() < end) {
                        for (int u = 1; u <= units; u++) {
                            m.readMultipleRegisters(u, 0, regs);
                            readings.addAndGet(regs);
                        }
                    }
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    m.disconnect();
                }
            });
            threads.add(t);
        }
        final long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (final Thread t : threads) {
            t.join();
        }
        System.out.printf("%.0f%n", readings.get() / ((System.nanoTime() - start) / 1e9));
    }
}
