package io.replog.internal.purgatory;

import io.replog.sim.Simulation;
import io.replog.time.Scheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The purgatory on its own: completion by key, timeout, exactly one answer, closing and crashing. */
class PurgatoryTest {
    private static final long TIMEOUT_MS = 1_000;

    private final Simulation sim = Simulation.withSeed(1);
    private final Scheduler loop = sim.scheduler(0);
    private final Purgatory<String> purgatory = new Purgatory<>(loop);
    /** How far the state behind each key has moved. */
    private final Map<String, Integer> levels = new HashMap<>();
    /** Every answer given, in order: "name:complete" or "name:expired". */
    private final List<String> answers = new ArrayList<>();

    /**
     * Waits until every key it names reaches its level; each key's verdict is kept apart, as an
     * acks=all produce keeps one per partition.
     */
    private final class Waiter extends DelayedOperation<String> {
        final String name;
        final Map<String, Integer> needed;
        final Set<String> reached = new java.util.HashSet<>();
        int checks;

        Waiter(String name, Map<String, Integer> needed) {
            this.name = name;
            this.needed = needed;
        }

        @Override
        protected boolean tryComplete() {
            needed.keySet().forEach(this::check);
            return reached.size() == needed.size();
        }

        @Override
        protected boolean tryComplete(String key) {
            check(key);
            return reached.size() == needed.size();
        }

        @Override
        protected boolean waitsOn(String key) {
            return !reached.contains(key);
        }

        private void check(String key) {
            checks++;
            if (levels.getOrDefault(key, 0) >= needed.get(key)) {
                reached.add(key);
            }
        }

        @Override
        protected void onComplete() {
            answers.add(name + ":complete");
        }

        @Override
        protected void onExpiration() {
            answers.add(name + ":expired");
        }
    }

    private Waiter waitFor(String name, Map<String, Integer> needed) {
        Waiter w = new Waiter(name, needed);
        purgatory.tryCompleteElseWatch(w, needed.keySet().stream().sorted().toList(), TIMEOUT_MS);
        return w;
    }

    private void move(String key, int level) {
        levels.put(key, level);
        purgatory.checkAndComplete(key);
    }

    @Test
    void anOperationThatCanAnswerAtOnceNeitherWatchesNorExpires() {
        levels.put("a", 5);
        Waiter w = new Waiter("w", Map.of("a", 1));

        assertThat(purgatory.tryCompleteElseWatch(w, List.of("a"), TIMEOUT_MS)).isTrue();
        sim.runFor(2 * TIMEOUT_MS);

        assertThat(answers).containsExactly("w:complete");
        assertThat(w.isCompleted()).isTrue();
        assertThat(purgatory.size()).isZero();
        assertThat(purgatory.watching("a")).isZero();
    }

    @Test
    void anOperationCompletesWhenItsKeyMovesAndOnlyThen() {
        Waiter w = waitFor("w", Map.of("a", 2));
        int checksAfterWatch = w.checks;

        move("b", 9);
        assertThat(w.checks).as("another key moving does not check it").isEqualTo(checksAfterWatch);
        move("a", 1);
        assertThat(answers).isEmpty();
        move("a", 2);

        assertThat(answers).containsExactly("w:complete");
        assertThat(purgatory.watching("a")).isZero();
        assertThat(purgatory.size()).isZero();
        sim.runFor(2 * TIMEOUT_MS);
        assertThat(answers).as("its timer was cancelled").containsExactly("w:complete");
    }

    @Test
    void anOperationExpiresAtItsTimeoutOnceAndIsRemoved() {
        Waiter w = waitFor("w", Map.of("a", 2, "b", 2));

        sim.runFor(TIMEOUT_MS - 1);
        assertThat(answers).isEmpty();
        sim.runFor(1);

        assertThat(answers).containsExactly("w:expired");
        assertThat(purgatory.watching("a")).isZero();
        assertThat(purgatory.watching("b")).isZero();
        assertThat(purgatory.size()).isZero();
        int checks = w.checks;
        move("a", 5);
        move("b", 5);
        purgatory.checkAll();
        assertThat(w.checks).as("an answered operation is not checked again").isEqualTo(checks);
        assertThat(answers).containsExactly("w:expired");
    }

    @Test
    void anOperationOnSeveralKeysAnswersOnceAndLeavesTheListsOfKeysItNoLongerNeeds() {
        waitFor("w", Map.of("a", 1, "b", 1));
        assertThat(purgatory.watching("a")).isEqualTo(1);
        assertThat(purgatory.watching("b")).isEqualTo(1);

        move("a", 1);
        assertThat(answers).isEmpty();
        assertThat(purgatory.watching("a")).as("decided for a").isZero();
        assertThat(purgatory.watching("b")).isEqualTo(1);

        move("b", 1);
        move("b", 2);
        move("a", 2);
        sim.runFor(2 * TIMEOUT_MS);
        assertThat(answers).containsExactly("w:complete");
        assertThat(purgatory.size()).isZero();
    }

    @Test
    void onlyTheKeysStillNeededAreWatchedFromTheStart() {
        levels.put("a", 1);
        waitFor("w", Map.of("a", 1, "b", 1));

        assertThat(purgatory.watching("a")).isZero();
        assertThat(purgatory.watching("b")).isEqualTo(1);
    }

    @Test
    void operationsAreCheckedInTheOrderTheyBeganToWait() {
        levels.put("b", 1);
        waitFor("first", Map.of("a", 1));
        waitFor("second", Map.of("a", 1, "b", 1));
        waitFor("third", Map.of("a", 1));

        move("a", 1);

        assertThat(answers).containsExactly("first:complete", "second:complete", "third:complete");
    }

    @Test
    void checkAllChecksEveryOperationInTheOrderItBeganToWait() {
        waitFor("x", Map.of("b", 1));
        waitFor("y", Map.of("a", 1));
        waitFor("z", Map.of("b", 1));
        levels.put("a", 1);
        levels.put("b", 1);

        purgatory.checkAll();

        assertThat(answers).containsExactly("x:complete", "y:complete", "z:complete");
        assertThat(purgatory.size()).isZero();
    }

    @Test
    void closingAnswersEveryWaitingOperationOnceAndCancelsItsTimer() {
        waitFor("x", Map.of("a", 1, "b", 1));
        waitFor("y", Map.of("b", 1));

        purgatory.expireAll();

        assertThat(answers).containsExactlyInAnyOrder("x:expired", "y:expired");
        assertThat(purgatory.size()).isZero();
        assertThat(purgatory.watching("a")).isZero();
        assertThat(purgatory.watching("b")).isZero();
        move("a", 1);
        move("b", 1);
        sim.runFor(2 * TIMEOUT_MS);
        assertThat(answers).hasSize(2);
    }

    @Test
    void aCrashForgetsTheOperationsWithoutAnsweringThem() {
        Waiter w = waitFor("w", Map.of("a", 1));

        purgatory.forgetAll();
        move("a", 1);

        assertThat(answers).isEmpty();
        assertThat(purgatory.size()).isZero();
        assertThat(purgatory.watching("a")).isZero();
        assertThat(w.isCompleted()).isFalse();
    }

    @Test
    void anOperationWaitsInOnePurgatoryOnce() {
        Waiter w = waitFor("w", Map.of("a", 1));

        assertThatThrownBy(() -> purgatory.tryCompleteElseWatch(w, List.of("a"), TIMEOUT_MS))
                .isInstanceOf(IllegalStateException.class);
        assertThat(purgatory.watching("a")).isEqualTo(1);
    }
}
