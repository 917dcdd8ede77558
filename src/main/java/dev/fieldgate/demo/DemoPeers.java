package dev.fieldgate.demo;

import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's peers without the gateway, in a process of their own: the embedded mutual-TLS broker and
 * simulated devices for every adapter file that points at this machine. Benchmarks use it so that the
 * gateway's CPU and memory are measured alone.
 *
 * <p>Usage: {@code java -cp <fieldgate classpath> dev.fieldgate.demo.DemoPeers DATA_DIR ADAPTERS_DIR
 * PROFILES_DIR BROKER_PORT GATEWAY_ID}. Prints {@code READY} once everything listens; runs until killed.
 */
public final class DemoPeers {

    private DemoPeers() {
    }

    /** @param args data directory, adapter directory, profile directory, broker port, gateway id */
    public static void main(final String[] args) throws InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: DemoPeers DATA_DIR ADAPTERS_DIR PROFILES_DIR BROKER_PORT GATEWAY_ID");
            System.exit(2);
        }
        final DemoEnvironment env = DemoEnvironment.startBroker(Path.of(args[0]), args[4], Integer.parseInt(args[3]));
        final AdapterLoader.Result loaded = new AdapterLoader(ProfileCatalog.load(Path.of(args[2])), id -> { })
                .loadDirectory(Path.of(args[1]));
        loaded.problems().forEach(p -> System.err.println("Rejected " + p));
        env.startDevices(loaded.adapters());
        Runtime.getRuntime().addShutdownHook(new Thread(env::close));
        System.out.println("READY");
        new CountDownLatch(1).await();
    }
}
