package io.replog.internal.controller;

import io.replog.errors.NotControllerException;
import io.replog.errors.RetriableException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the controller's coordinator calls: continues on the controller's event loop whatever
 * thread the coordinator completes on, retries a {@link RetriableException} (a lost connection:
 * every call the controller makes is safe to repeat, writes being conditional) after a fixed
 * backoff, and reports {@link StaleControllerEpochException} as fencing. Once the controller is
 * no longer active no call is started and every result is a {@link NotControllerException}.
 */
final class CoordinatorRetry {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorRetry.class);

    private final Scheduler scheduler;
    private final long backoffMs;
    private final BooleanSupplier active;
    private final Consumer<StaleControllerEpochException> onFenced;
    private final Supplier<NotControllerException> notController;
    private final String logPrefix;

    CoordinatorRetry(Scheduler scheduler, long backoffMs, BooleanSupplier active,
                     Consumer<StaleControllerEpochException> onFenced, Supplier<NotControllerException> notController,
                     String logPrefix) {
        this.scheduler = scheduler;
        this.backoffMs = backoffMs;
        this.active = active;
        this.onFenced = onFenced;
        this.notController = notController;
        this.logPrefix = logPrefix;
    }

    /** Calls {@code op} until it succeeds, fails for good, or the controller stops; completes on the event loop. */
    <T> CompletableFuture<T> call(String what, Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(what, op, result, 1);
        return result;
    }

    private <T> void attempt(String what, Supplier<CompletableFuture<T>> op, CompletableFuture<T> result, int attempt) {
        if (!active.getAsBoolean()) {
            result.completeExceptionally(notController.get());
            return;
        }
        CompletableFuture<T> call;
        try {
            call = op.get();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenCompleteAsync((value, error) -> {
            if (!active.getAsBoolean()) {
                result.completeExceptionally(notController.get());
                return;
            }
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof StaleControllerEpochException stale) {
                onFenced.accept(stale);
                result.completeExceptionally(cause);
            } else if (cause instanceof RetriableException) {
                log.info("{}Coordinator call '{}' failed (attempt {}), retrying in {} ms: {}", logPrefix, what, attempt,
                        backoffMs, cause.toString());
                scheduler.schedule(backoffMs, () -> attempt(what, op, result, attempt + 1));
            } else {
                result.completeExceptionally(cause);
            }
        }, scheduler);
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
