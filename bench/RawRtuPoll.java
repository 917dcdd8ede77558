import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/**
 * The raw ceiling for bench/rtu-poll-rate.sh: j2mod's serial master alone, reading the same registers of the
 * same units in a tight loop, with the same 3.5-character silence after each answer that Fieldgate keeps.
 * Run with the single-file launcher: java -cp 'target/quarkus-app/lib/main/*' bench/RawRtuPoll.java PORT BAUD UNITS REGS SECONDS
 */
public final class RawRtuPoll {
    public static void main(final String[] args) throws Exception {
        final SerialParameters p = new SerialParameters();
        p.setPortName(args[0]);
        p.setBaudRate(Integer.parseInt(args[1]));
        p.setDatabits(8);
        p.setStopbits(1);
        p.setParity(0);
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        final int units = Integer.parseInt(args[2]);
        final int regs = Integer.parseInt(args[3]);
        final long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
        final ModbusSerialMaster m = new ModbusSerialMaster(p, 200);
        m.connect();
        m.setRetries(1);
        long cycles = 0;
        final long start = System.nanoTime();
        try {
            while (System.nanoTime() < end) {
                for (int u = 1; u <= units; u++) {
                    m.readMultipleRegisters(u, 20, regs);
                    final long silenceEnd = System.nanoTime() + 1_750_000L;
                    while (System.nanoTime() < silenceEnd) {
                        Thread.onSpinWait();
                    }
                }
                cycles++;
            }
        } finally {
            m.disconnect();
        }
        System.out.printf("%.3f%n", cycles / ((System.nanoTime() - start) / 1e9));
    }
}
