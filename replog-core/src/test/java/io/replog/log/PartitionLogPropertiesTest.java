package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.replog.log.LogTestSupport.TP;
import static io.replog.log.LogTestSupport.batch;
import static io.replog.log.LogTestSupport.readAllOffsets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of appends, truncations, restarts and full truncations against a model: a
 * list of batches. After every step the log holds exactly the model's offsets.
 */
class PartitionLogPropertiesTest {

    sealed interface Op permits Append, Truncate, Reopen, Restart {
    }

    record Append(int records, int valueSize, int epochStep) implements Op {
    }

    /** Truncate to a point chosen as a fraction of the way from the log start to its end. */
    record Truncate(double where) implements Op {
    }

    record Reopen() implements Op {
    }

    record Restart(int newStart) implements Op {
    }

    /** A batch in the model. */
    record Batch(long base, int count, int epoch) {
        long last() {
            return base + count - 1;
        }
    }

    @Property(tries = 40)
    void theLogAlwaysHoldsWhatTheModelSays(@ForAll("ops") @Size(max = 40) List<Op> ops) throws IOException {
        Path parent = Files.createTempDirectory("replog-log-property-");
        LogConfig config = LogConfig.builder().segmentBytes(700).indexIntervalBytes(150).build();
        ManualClock clock = new ManualClock();
        List<Batch> model = new ArrayList<>();
        long start = 0;
        int epoch = 0;
        PartitionLog log = PartitionLog.open(parent, TP, config, clock);
        try {
            for (Op op : ops) {
                if (op instanceof Append a) {
                    epoch += a.epochStep();
                    LogAppendInfo info = log.appendAsLeader(batch(a.records(), a.valueSize(), 1L), epoch);
                    model.add(new Batch(info.firstOffset(), a.records(), epoch));
                } else if (op instanceof Truncate t) {
                    long end = model.isEmpty() ? start : model.get(model.size() - 1).last() + 1;
                    long target = start + (long) (t.where() * (end - start));
                    log.truncateTo(target);
                    model.removeIf(b -> b.last() >= target);
                } else if (op instanceof Reopen) {
                    log.close();
                    log = PartitionLog.open(parent, TP, config, clock);
                    assertThat(log.batchesValidatedOnOpen()).isZero();
                } else if (op instanceof Restart r) {
                    start = r.newStart();
                    log.truncateFullyAndStartAt(start);
                    model.clear();
                }
                long end = model.isEmpty() ? start : model.get(model.size() - 1).last() + 1;
                assertThat(log.logEndOffset()).isEqualTo(end);
                List<Long> expected = new ArrayList<>();
                for (Batch b : model) {
                    for (long o = b.base(); o <= b.last(); o++) {
                        expected.add(o);
                    }
                }
                assertThat(readAllOffsets(log)).isEqualTo(expected);
                List<EpochEntry> epochs = new ArrayList<>();
                for (Batch b : model) {
                    if (epochs.isEmpty() || epochs.get(epochs.size() - 1).epoch() < b.epoch()) {
                        epochs.add(new EpochEntry(b.epoch(), b.base()));
                    }
                }
                assertThat(log.leaderEpochs().entries()).isEqualTo(epochs);
            }
        } finally {
            log.close();
            try (Stream<Path> walk = Files.walk(parent)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> append = Combinators.combine(Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(0, 200), Arbitraries.integers().between(0, 1)).as(Append::new);
        Arbitrary<Op> truncate = Arbitraries.doubles().between(0, 1).map(Truncate::new);
        Arbitrary<Op> reopen = Arbitraries.just(new Reopen());
        Arbitrary<Op> restart = Arbitraries.integers().between(0, 1_000).map(Restart::new);
        return Arbitraries.frequencyOf(
                Tuple.of(12, append),
                Tuple.of(3, truncate),
                Tuple.of(2, reopen),
                Tuple.of(1, restart)).list();
    }
}
