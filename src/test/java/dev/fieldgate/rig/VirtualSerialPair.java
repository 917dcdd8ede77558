package dev.fieldgate.rig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two pseudo-terminals joined by socat, as a null-modem cable: what one side writes the other reads.
 * The links are symbolic links to {@code /dev/pts/N}.
 */
public final class VirtualSerialPair implements AutoCloseable {

    private final ExternalProcess socat;
    private final Path a;
    private final Path b;

    /** Creates the pair at {@code a} and {@code b}; fails when socat is not installed. */
    public VirtualSerialPair(final Path a, final Path b) throws InterruptedException {
        this.a = a;
        this.b = b;
        socat = ExternalProcess.start("socat", List.of("/usr/bin/socat", "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b));
        for (int i = 0; i < 200 && !(Files.exists(a) && Files.exists(b)); i++) {
            Thread.sleep(10);
        }
        if (!Files.exists(a) || !Files.exists(b)) {
            throw new IllegalStateException("socat did not create " + a + " and " + b + ": " + socat.output());
        }
    }

    /** @return the side the gateway opens. */
    public Path a() {
        return a;
    }

    /** @return the side the simulated device opens. */
    public Path b() {
        return b;
    }

    @Override
    public void close() {
        socat.close();
    }
}
