package io.replog.examples.tools;

import io.replog.zk.EmbeddedZooKeeper;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedZooKeeper} as its own process until it is stopped (Ctrl-C or SIGTERM):
 * <pre>
 * java -cp ... io.replog.examples.tools.EmbeddedZooKeeperMain [--host 127.0.0.1] [--port 2181] [--data-dir DIR] [--tick-ms 500]
 * </pre>
 * Without {@code --data-dir} the data lives in a temporary directory deleted at exit; without
 * {@code --port} a free port is chosen. It prints the connect string brokers should use. A single
 * server: for development and single-machine clusters, not for a highly available deployment.
 */
public final class EmbeddedZooKeeperMain {
    static final String USAGE = "usage: EmbeddedZooKeeperMain [--host HOST] [--port PORT] [--data-dir DIR] [--tick-ms MS]";

    private EmbeddedZooKeeperMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedZooKeeper.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return;
        }
        EmbeddedZooKeeper zk = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            zk.close();
            stopped.countDown();
        }, "replog-zk-shutdown"));
        System.out.println("ZooKeeper listening on " + zk.connectString() + " (data in " + zk.dataDir() + ")");
        stopped.await();
    }

    /** The server {@code args} describe; fails with {@link IllegalArgumentException} naming the bad argument. */
    static EmbeddedZooKeeper.Builder parse(String[] args) {
        EmbeddedZooKeeper.Builder b = EmbeddedZooKeeper.builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> b.host(value);
                case "--port" -> b.port(number(option, value));
                case "--data-dir" -> b.dataDir(Path.of(value));
                case "--tick-ms" -> b.tickMs(number(option, value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return b;
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }
}
