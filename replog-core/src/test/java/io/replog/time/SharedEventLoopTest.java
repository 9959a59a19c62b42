package io.replog.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedEventLoopTest {
    private static final long WAIT_S = 10;

    @Test
    void lanesRunTheirTasksInOrderOnTheOneSharedThread() throws Exception {
        try (SharedEventLoop shared = new SharedEventLoop("replog-brokers-t1")) {
            EventLoopScheduler a = shared.lane("replog-broker-0", Clock.system());
            EventLoopScheduler b = shared.lane("replog-broker-1", Clock.system());
            List<String> seen = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                a.execute(() -> seen.add("a" + n + "@" + Thread.currentThread().getName()));
                b.execute(() -> seen.add("b" + n + "@" + Thread.currentThread().getName()));
            }
            assertThat(a.supply(a::isLoopThread).get(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(b.supply(() -> seen.size()).get(WAIT_S, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(seen).allMatch(s -> s.endsWith("@replog-brokers-t1"));
            assertThat(seen.stream().filter(s -> s.startsWith("a")).map(s -> s.substring(1, s.indexOf('@')))
                    .map(Integer::parseInt).toList()).isSorted().hasSize(500);
            assertThat(seen.stream().filter(s -> s.startsWith("b")).map(s -> s.substring(1, s.indexOf('@')))
                    .map(Integer::parseInt).toList()).isSorted().hasSize(500);
            assertThat(a.isLoopThread()).as("the test thread is not the shared thread").isFalse();
            assertThat(a.name()).isEqualTo("replog-broker-0");
        }
    }

    @Test
    void closingALaneRefusesItsWorkCancelsItsTimersAndLeavesTheOtherLanesRunning() throws Exception {
        try (SharedEventLoop shared = new SharedEventLoop("replog-brokers-t2")) {
            EventLoopScheduler closing = shared.lane("replog-broker-0", Clock.system());
            EventLoopScheduler other = shared.lane("replog-broker-1", Clock.system());
            AtomicBoolean closedLaneTimerRan = new AtomicBoolean();
            closing.schedule(100, () -> closedLaneTimerRan.set(true));
            CountDownLatch queuedRan = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            other.execute(() -> await(release)); // holds the shared thread so the next task stays queued
            closing.execute(queuedRan::countDown);
            Thread closer = new Thread(closing::close, "replog-test-closer");
            closer.start();
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(WAIT_S));
            assertThat(queuedRan.getCount()).as("a task queued before close runs before close returns").isZero();
            assertThat(closing.isTerminated()).isTrue();

            assertThatThrownBy(() -> closing.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("replog-broker-0");
            assertThatThrownBy(() -> closing.schedule(1, () -> { })).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("replog-broker-0");
            assertThatThrownBy(() -> closing.supply(() -> 1)).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("replog-broker-0");

            CountDownLatch later = new CountDownLatch(1);
            other.schedule(300, later::countDown);
            assertThat(later.await(WAIT_S, TimeUnit.SECONDS)).as("the other lane's timer fires").isTrue();
            assertThat(closedLaneTimerRan).as("the closed lane's 100 ms timer was cancelled").isFalse();
            assertThat(other.supply(() -> "alive").get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("alive");
            assertThat(other.isTerminated()).isFalse();
        }
    }

    @Test
    void closingALaneFromItsOwnTaskDoesNotWaitForItself() throws Exception {
        try (SharedEventLoop shared = new SharedEventLoop("replog-brokers-t3")) {
            EventLoopScheduler lane = shared.lane("replog-broker-0", Clock.system());
            lane.supply(() -> {
                lane.close();
                return null;
            }).get(WAIT_S, TimeUnit.SECONDS);
            assertThatThrownBy(() -> lane.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        }
    }

    @Test
    void anExecutorLaneRunsInOrderAndItsCloseWaitsForWhatWasQueued() throws Exception {
        try (SharedEventLoop shared = new SharedEventLoop("replog-brokers-io-t4")) {
            ExecutorLane lane = shared.executorLane("replog-checkpoints-0");
            List<Integer> seen = new CopyOnWriteArrayList<>();
            CountDownLatch release = new CountDownLatch(1);
            lane.execute(() -> await(release));
            lane.execute(() -> {
                throw new IllegalStateException("a failing task is logged; the lane goes on");
            });
            for (int i = 0; i < 100; i++) {
                int n = i;
                lane.execute(() -> seen.add(n));
            }
            Thread closer = new Thread(lane::close, "replog-test-closer");
            closer.start();
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(WAIT_S));
            assertThat(seen).hasSize(100).isSorted();
            assertThatThrownBy(() -> lane.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("replog-checkpoints-0");
            assertThat(lane.toString()).contains("replog-checkpoints-0", "replog-brokers-io-t4");
        }
    }

    @Test
    void aClosedSharedLoopOpensNoLaneAndItsLanesRefuseWork() {
        SharedEventLoop shared = new SharedEventLoop("replog-brokers-t5");
        EventLoopScheduler lane = shared.lane("replog-broker-0", Clock.system());
        shared.close();
        assertThat(shared.isTerminated()).isTrue();
        assertThatThrownBy(() -> lane.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("replog-brokers-t5");
        assertThatThrownBy(() -> shared.lane("replog-broker-1", Clock.system()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replog-broker-1")
                .hasMessageContaining("replog-brokers-t5").hasMessageContaining("closed");
        lane.close(); // closing a lane of a closed loop returns at once
        assertThat(lane.isTerminated()).isTrue();
    }

    @Test
    void badNamesAndTimeoutsAreRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> new SharedEventLoop(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a name");
        assertThatThrownBy(() -> new SharedEventLoop("x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        try (SharedEventLoop shared = new SharedEventLoop("replog-brokers-t6")) {
            assertThatThrownBy(() -> shared.lane("", Clock.system())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs a name");
            assertThatThrownBy(() -> shared.executorLane("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs a name");
            assertThatThrownBy(() -> shared.lane("lane", Clock.system()).schedule(-1, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0 ms");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_S, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the shared thread");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
