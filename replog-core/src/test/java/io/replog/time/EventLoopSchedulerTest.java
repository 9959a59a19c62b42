package io.replog.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EventLoopSchedulerTest {
    private static final long WAIT_S = 10;

    @Test
    void executeRunsTasksInSubmissionOrderOnTheNamedThread() throws Exception {
        try (EventLoopScheduler loop = new EventLoopScheduler("replog-broker-7")) {
            List<Integer> seen = new ArrayList<>(); // touched by the loop thread only until the final ask
            List<String> threads = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                loop.execute(() -> {
                    seen.add(n);
                    threads.add(Thread.currentThread().getName());
                });
            }
            List<Integer> snapshot = loop.supply(() -> List.copyOf(seen)).get(WAIT_S, TimeUnit.SECONDS);
            assertThat(snapshot).hasSize(1000).isSorted();
            assertThat(loop.supply(() -> List.copyOf(threads)).get(WAIT_S, TimeUnit.SECONDS))
                    .containsOnly("replog-broker-7");
            assertThat(loop.name()).isEqualTo("replog-broker-7");
            assertThat(loop.clock()).isSameAs(Clock.system());
        }
    }

    @Test
    void aTimerFiresAfterItsDelayAndNotBefore() throws Exception {
        try (EventLoopScheduler loop = new EventLoopScheduler("timer-loop")) {
            CountDownLatch fired = new CountDownLatch(1);
            AtomicReference<String> thread = new AtomicReference<>();
            Clock clock = loop.clock();
            long start = clock.nanos();
            AtomicReference<Long> firedAfterNanos = new AtomicReference<>();
            loop.schedule(50, () -> {
                firedAfterNanos.set(clock.nanos() - start);
                thread.set(Thread.currentThread().getName());
                fired.countDown();
            });
            assertThat(fired.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(firedAfterNanos.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(thread.get()).isEqualTo("timer-loop");
        }
    }

    @Test
    void timersRunInDeadlineOrderAndTasksKeepRunningMeanwhile() throws Exception {
        try (EventLoopScheduler loop = new EventLoopScheduler("order-loop")) {
            List<String> order = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            loop.schedule(80, () -> {
                order.add("late");
                done.countDown();
            });
            loop.schedule(20, () -> order.add("early"));
            loop.execute(() -> order.add("now"));
            assertThat(done.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.supply(() -> List.copyOf(order)).get(WAIT_S, TimeUnit.SECONDS))
                    .containsExactly("now", "early", "late");
        }
    }

    @Test
    void aCancelledTimerNeverRuns() throws Exception {
        try (EventLoopScheduler loop = new EventLoopScheduler("cancel-loop")) {
            AtomicBoolean cancelledRan = new AtomicBoolean();
            CountDownLatch later = new CountDownLatch(1);
            Scheduler.Timer timer = loop.schedule(30, () -> cancelledRan.set(true));
            loop.schedule(100, later::countDown);
            timer.cancel();
            timer.cancel(); // a second cancel does nothing
            assertThat(later.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            // The later timer ran on the same loop, so the cancelled one's deadline has long passed.
            assertThat(loop.supply(cancelledRan::get).get(WAIT_S, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void cancellingATimerThatRanDoesNothing() throws Exception {
        try (EventLoopScheduler loop = new EventLoopScheduler("ran-loop")) {
            CountDownLatch fired = new CountDownLatch(1);
            Scheduler.Timer timer = loop.schedule(0, fired::countDown);
            assertThat(fired.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            timer.cancel();
            assertThat(loop.supply(() -> "still running").get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("still running");
        }
    }

    @Test
    void timersFollowTheGivenClockNotTheExecutorsWait() throws Exception {
        ManualClock clock = new ManualClock();
        try (EventLoopScheduler loop = new EventLoopScheduler("manual-loop", clock)) {
            CountDownLatch fired = new CountDownLatch(1);
            loop.schedule(10, fired::countDown);
            // Real time passes, the loop's clock does not: the timer must hold.
            assertThat(fired.await(200, TimeUnit.MILLISECONDS)).isFalse();
            clock.advanceMillis(9);
            assertThat(fired.await(50, TimeUnit.MILLISECONDS)).isFalse();
            clock.advanceMillis(1);
            assertThat(fired.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.clock()).isSameAs(clock);
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheLoop() throws Exception {
        try (EventLoopScheduler loop = new EventLoopScheduler("throwing-loop")) {
            loop.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            loop.schedule(0, () -> {
                throw new AssertionError("timer boom (expected by the test)");
            });
            CountDownLatch after = new CountDownLatch(1);
            loop.schedule(5, after::countDown);
            loop.execute(() -> { });
            assertThat(after.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.supply(() -> Thread.currentThread().getName()).get(WAIT_S, TimeUnit.SECONDS))
                    .isEqualTo("throwing-loop");
        }
    }

    @Test
    void aFailingQueryFailsItsFutureOnly() throws Exception {
        try (EventLoopScheduler loop = new EventLoopScheduler("query-loop")) {
            CompletableFuture<Object> failed = loop.supply(() -> {
                throw new IllegalArgumentException("bad query");
            });
            await().atMost(Duration.ofSeconds(WAIT_S)).until(failed::isDone);
            assertThat(failed).isCompletedExceptionally();
            assertThatThrownBy(failed::join).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(loop.supply(() -> 42).get(WAIT_S, TimeUnit.SECONDS)).isEqualTo(42);
        }
    }

    @Test
    void closeStopsTheNamedThreadAfterTheQueuedTasksAndRefusesNewWork() throws Exception {
        String name = "closing-loop-" + System.identityHashCode(this);
        EventLoopScheduler loop = new EventLoopScheduler(name);
        assertThat(threadNamed(name)).isTrue();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean queuedRan = new AtomicBoolean();
        AtomicBoolean timerRan = new AtomicBoolean();
        loop.execute(() -> awaitQuietly(release));
        loop.execute(() -> queuedRan.set(true));
        loop.schedule(60_000, () -> timerRan.set(true));
        release.countDown();
        loop.close();

        assertThat(loop.isTerminated()).isTrue();
        assertThat(queuedRan).isTrue();
        assertThat(timerRan).isFalse();
        await().atMost(Duration.ofSeconds(WAIT_S)).until(() -> !threadNamed(name));
        assertThatThrownBy(() -> loop.execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(name).hasMessageContaining("closed");
        assertThatThrownBy(() -> loop.schedule(1, () -> { }))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining(name);
        assertThatThrownBy(() -> loop.supply(() -> 1))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining(name);
        loop.close(); // idempotent
    }

    @Test
    void closeGivesUpOnAStuckTaskAfterItsBoundAndInterruptsIt() throws Exception {
        EventLoopScheduler loop = new EventLoopScheduler("stuck-loop", Clock.system(), Duration.ofMillis(50));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        loop.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        loop.close();
        assertThat(interrupted.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(WAIT_S)).until(loop::isTerminated);
    }

    @Test
    void closeRestoresTheCallersInterruptFlag() throws Exception {
        EventLoopScheduler loop = new EventLoopScheduler("interrupt-loop");
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(release));
        Thread.currentThread().interrupt();
        try {
            loop.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(WAIT_S)).until(loop::isTerminated);
    }

    @Test
    void closeFromTheLoopItselfDoesNotWaitForItself() throws Exception {
        EventLoopScheduler loop = new EventLoopScheduler("self-closing-loop");
        CountDownLatch closed = new CountDownLatch(1);
        loop.execute(() -> {
            loop.close();
            closed.countDown();
        });
        assertThat(closed.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(WAIT_S)).until(loop::isTerminated);
        assertThat(loop.isLoopThread()).isFalse();
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> new EventLoopScheduler(" ")).isInstanceOf(IllegalArgumentException.class);
        try (EventLoopScheduler loop = new EventLoopScheduler("args-loop")) {
            assertThatThrownBy(() -> loop.schedule(-1, () -> { })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
        }
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
