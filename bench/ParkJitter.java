import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The ceiling for bench/poll-jitter.sh: how late a thread that does nothing but wait for a 100 ms schedule
 * wakes up on this machine (the JVM's and the OS's timer jitter), with as many threads as the gateway has
 * pollers. Prints p50 and p99 lateness in milliseconds.
 */
public final class ParkJitter {
    public static void main(final String[] args) throws Exception {
        final int threads = Integer.parseInt(args[0]);
        final long seconds = Long.parseLong(args[1]);
        final long intervalNanos = 100_000_000L;
        final long[][] samples = new long[threads][];
        final Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            ts[t] = new Thread(() -> {
                final int n = (int) (seconds * 1_000_000_000L / intervalNanos);
                final long[] late = new long[n];
                long due = System.nanoTime() + intervalNanos;
                for (int i = 0; i < n; i++) {
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    late[i] = System.nanoTime() - due;
                    due += intervalNanos;
                }
                samples[id] = late;
            });
            ts[t].start();
        }
        for (final Thread t : ts) {
            t.join();
        }
        final long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%.3f %.3f%n", all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
    }
}
