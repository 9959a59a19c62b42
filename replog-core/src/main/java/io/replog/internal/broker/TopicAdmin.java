package io.replog.internal.broker;

import io.replog.coordinator.Coordinator;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.TimeoutException;
import io.replog.internal.purgatory.DelayedOperation;
import io.replog.internal.purgatory.Purgatory;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.Response;
import io.replog.time.Scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Creates and deletes topics for clients, through any broker: the change is written to the
 * coordinator (the controller acts on it from there), and the answer waits until this broker's
 * metadata shows it done (every partition of a new topic has a leader; a deleted topic is gone),
 * or the request's timeout. The waits sit in a {@link Purgatory} keyed by topic and are checked
 * whenever the controller's metadata arrives. Event loop only.
 */
final class TopicAdmin {
    private final Coordinator coordinator;
    private final Scheduler scheduler;
    private final MetadataCache metadata;
    private final TopicCreator creator;
    private final Purgatory<String> waiting;

    TopicAdmin(Coordinator coordinator, Scheduler scheduler, MetadataCache metadata, TopicCreator creator) {
        this.coordinator = coordinator;
        this.scheduler = scheduler;
        this.metadata = metadata;
        this.creator = creator;
        this.waiting = new Purgatory<>(scheduler);
    }

    /** Creates topics and answers once their leaders are known here, or at the request's timeout. */
    CompletableFuture<Response> create(CreateTopicsRequest r) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        coordinator.liveBrokers().whenCompleteAsync((live, err) -> {
            if (err != null) {
                Map<String, CreateTopicsResponse.TopicResult> failed = new HashMap<>();
                r.topics().forEach(t -> failed.put(t.name(), new CreateTopicsResponse.TopicResult(
                        Errors.forException(err), err.getMessage())));
                result.complete(new CreateTopicsResponse(failed));
                return;
            }
            Map<String, CreateTopicsResponse.TopicResult> results = new HashMap<>();
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (CreateTopicsRequest.NewTopicSpec spec : r.topics()) {
                CompletableFuture<Void> one;
                try {
                    one = creator.create(spec, live, r.validateOnly())
                            .thenComposeAsync(a -> r.validateOnly() ? CompletableFuture.<Void>completedFuture(null)
                                    : awaitLeaders(a, r.timeoutMs()), scheduler)
                            .handleAsync((v, e) -> {
                                results.put(spec.name(), outcome(e));
                                return null;
                            }, scheduler);
                } catch (RuntimeException e) {
                    results.put(spec.name(), new CreateTopicsResponse.TopicResult(Errors.forException(e), e.getMessage()));
                    continue;
                }
                pending.add(one);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .whenCompleteAsync((v, e) -> result.complete(new CreateTopicsResponse(results)), scheduler);
        }, scheduler);
        return result;
    }

    /** Asks for topics' deletion and answers once they are gone here, or at the request's timeout. */
    CompletableFuture<Response> delete(DeleteTopicsRequest r) {
        Map<String, CreateTopicsResponse.TopicResult> results = new HashMap<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String topic : r.topics()) {
            pending.add(coordinator.requestTopicDeletion(topic)
                    .thenComposeAsync(v -> await(topic, () -> metadata.isGone(topic), r.timeoutMs(),
                            "deletion of topic '" + topic + "' did not complete within " + r.timeoutMs() + " ms"),
                            scheduler)
                    .handleAsync((v, e) -> {
                        results.put(topic, outcome(e));
                        return null;
                    }, scheduler));
        }
        CompletableFuture<Response> result = new CompletableFuture<>();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((v, e) -> result.complete(new DeleteTopicsResponse(results)), scheduler);
        return result;
    }

    /** The controller's metadata arrived: the topics waited for may be done. */
    void onMetadataUpdated() {
        waiting.checkAll();
    }

    private static CreateTopicsResponse.TopicResult outcome(Throwable e) {
        return e == null ? new CreateTopicsResponse.TopicResult(Errors.NONE, null)
                : new CreateTopicsResponse.TopicResult(Errors.forException(e), Failures.cause(e).getMessage());
    }

    private CompletableFuture<Void> awaitLeaders(TopicAssignment a, int timeoutMs) {
        return await(a.topic(), () -> metadata.hasLeaders(a.topic(), a.partitions().size()), timeoutMs,
                "topic '" + a.topic() + "' was created but its leaders were not elected within " + timeoutMs + " ms");
    }

    private CompletableFuture<Void> await(String topic, BooleanSupplier done, int timeoutMs, String timeoutMessage) {
        MetadataWait wait = new MetadataWait(done, timeoutMessage);
        waiting.tryCompleteElseWatch(wait, List.of(topic), timeoutMs);
        return wait.future;
    }

    /** A wait for this broker's metadata to show a topic's creation or deletion done. */
    private static final class MetadataWait extends DelayedOperation<String> {
        private final CompletableFuture<Void> future = new CompletableFuture<>();
        private final BooleanSupplier done;
        private final String timeoutMessage;

        MetadataWait(BooleanSupplier done, String timeoutMessage) {
            this.done = done;
            this.timeoutMessage = timeoutMessage;
        }

        @Override
        protected boolean tryComplete() {
            return done.getAsBoolean();
        }

        @Override
        protected void onComplete() {
            future.complete(null);
        }

        @Override
        protected void onExpiration() {
            future.completeExceptionally(new TimeoutException(timeoutMessage));
        }
    }
}
