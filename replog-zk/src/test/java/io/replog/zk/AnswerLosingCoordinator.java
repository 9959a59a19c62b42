package io.replog.zk;

import io.replog.coordinator.Coordinator;
import io.replog.coordinator.ForwardingCoordinator;
import io.replog.errors.RetriableException;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coordinator whose first {@code n} election answers are lost on the way to the broker: the
 * election itself happens (and may be won), the broker hears only an error. So a test can put a
 * broker in the state finding 1 of the ZooKeeper review describes: its session owns
 * {@code /controller} while it does not act as controller.
 */
final class AnswerLosingCoordinator extends ForwardingCoordinator {
    private final AtomicInteger answersToLose;

    AnswerLosingCoordinator(Coordinator delegate, int answersToLose) {
        super(delegate);
        this.answersToLose = new AtomicInteger(answersToLose);
    }

    @Override
    public CompletableFuture<OptionalInt> tryBecomeController(int brokerId) {
        CompletableFuture<OptionalInt> real = delegate().tryBecomeController(brokerId);
        if (answersToLose.getAndDecrement() <= 0) {
            return real;
        }
        return real.handle((won, error) -> {
            throw new RetriableException("the answer to the election (" + won + ") was lost on the way");
        });
    }
}
