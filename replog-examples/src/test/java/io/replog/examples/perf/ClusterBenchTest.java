package io.replog.examples.perf;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster benchmark's start-up part, in this JVM: a cold and a warm three-broker cluster, each
 * with its topic and first acks=all send, printed as metric lines. (Whether replog threads are left
 * is printed, not asserted: another test class of this JVM may still be stopping its own.)
 */
class ClusterBenchTest {
    private static final Pattern METRIC = Pattern.compile("^[a-z0-9_]+ -?[0-9]+(\\.[0-9]+)? \\S+$");

    @Test
    void startsACluster_sendsTheFirstRecord_startsASecondOne_andPrintsTheStartUpMetrics() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            ClusterBench.runOnce(System.nanoTime(), true, 0, 0);
        } finally {
            System.setOut(original);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        original.print(printed);

        assertThat(printed.lines().filter(l -> METRIC.matcher(l).matches()).map(l -> l.split(" ")[0]).toList())
                .containsExactly("startup_ms", "startup_warm_ms", "startup_warm_max_ms", "shutdown_warm_ms");
        assertThat(printed).contains("# startup breakdown (ms since main): zk ready ",
                "# warm startup breakdown (ms since its start): zk ready ");
    }
}
