package io.replog.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main command, smaller: six brokers and ZooKeeper in this JVM, the seed's
 * {@code invoice} assignment printed as the seed's table, and every acknowledged record read back.
 */
class InvoiceDemoTest {
    @TempDir
    Path dir;

    @Test
    void printsTheSeedsAssignmentAndLosesNothing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int lost;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            lost = InvoiceDemo.run(dir, 500, out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(lost).as("acknowledged records missing, or records not acknowledged").isZero();
        assertThat(printed).contains(
                "  P0 [0, 3, 1]  P1 [3, 1, 4]  P2 [1, 4, 2]  P3 [4, 2, 5]  P4 [2, 5, 0]",
                "  P5 [5, 0, 3]  P6 [0, 3, 1]  P7 [3, 1, 4]  P8 [1, 4, 2]  P9 [4, 2, 5]");
        assertThat(printed.lines().filter(l -> l.startsWith("B")).toList()).containsExactly(
                "B0      R1    P0,P6           P5,P4",
                "B1      R1    P2,P8           P1,P7,P0,P6",
                "B2      R1    P4              P3,P9,P2,P8",
                "B3      R2    P1,P7           P0,P6,P5",
                "B4      R2    P3,P9           P2,P8,P1,P7",
                "B5      R2    P5              P4,P3,P9");
        assertThat(printed).contains("30 replicas in all")
                .contains("Produced 500 records with acks=all: 500 acknowledged, 500 read back, 0 lost");
    }
}
