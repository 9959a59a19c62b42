package io.replog.log;

import io.replog.log.PowerLossFileSystem.Errno;
import io.replog.log.PowerLossFileSystem.Operation;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk that fails an fsync, a directory fsync, a rename or a truncate (EIO, ENOSPC), at a random
 * point of a random workload: the failing operation reports it, the log goes offline and refuses
 * every further use, and every crash state from then on recovers what was promised. The fsync
 * fault follows Linux: the pages it could not write are lost and a later fsync would succeed
 * without them, so a log that carried on would checkpoint a recovery point over missing bytes.
 */
class LogFaultInjectionTest {

    static Stream<Arguments> faults() {
        List<Arguments> all = new ArrayList<>();
        for (Operation op : List.of(Operation.FSYNC, Operation.DIR_FSYNC, Operation.RENAME, Operation.TRUNCATE)) {
            for (Errno errno : Errno.values()) {
                all.add(Arguments.of(op, errno));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @MethodSource("faults")
    void aFailedCallTakesTheLogOfflineAndNothingPromisedIsLost(Operation op, Errno errno, @TempDir Path dir) {
        int fired = 0;
        int states = 0;
        for (int seed = 1; seed <= 2; seed++) {
            PowerLossWorkload w = new PowerLossWorkload(seed * 31L + op.ordinal(), dir.resolve("seed-" + seed), 1, 0);
            List<PowerLossWorkload.Violation> violations = w.runWithFault(4 + seed * 5, 300, op, errno);
            assertThat(violations).as("violations with seed " + seed).isEmpty();
            if (w.failure() != null) {
                fired++;
                assertThat(w.failure()).hasMessageContaining(errno.name());
            }
            states += w.crashStatesChecked();
        }
        assertThat(fired).as("runs in which the fault fired").isEqualTo(2);
        System.out.println("LogFaultInjectionTest " + op + "/" + errno + ": " + states + " crash states checked, 0 violations");
    }
}
