package io.replog.testkit;

import io.replog.errors.TimeoutException;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.Response;
import io.replog.topic.TopicPartition;
import io.replog.transport.ClientTransport;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The readiness waits of a {@link ReplogCluster}: each polls the Metadata of every reachable
 * running broker (through one client transport on the cluster's threads) until all agree, and
 * fails after the wait timeout with a {@link TimeoutException} naming what it waited for and what
 * each broker said last. Polls on the calling thread; starts no thread.
 */
final class Readiness {
    private static final Duration POLL = Duration.ofMillis(20);

    private final ClientTransport probe;
    private final Duration waitTimeout;
    private final Duration probeTimeout;
    /** The running brokers that can be reached now (not isolated), by id, with their addresses. */
    private final Supplier<Map<Integer, String>> reachable;
    private final Runnable checkOpen;

    /** The value an attempt found ({@code null}: not yet) and what it saw, for the timeout's message. */
    record Attempt<T>(T value, String seen) {
    }

    Readiness(ClientTransport probe, Duration waitTimeout, Duration probeTimeout,
              Supplier<Map<Integer, String>> reachable, Runnable checkOpen) {
        this.probe = probe;
        this.waitTimeout = waitTimeout;
        this.probeTimeout = probeTimeout;
        this.reachable = reachable;
        this.checkOpen = checkOpen;
    }

    /** Polls {@code attempt} until it finds a value; see the class comment. */
    <T> T waitFor(String what, Supplier<Attempt<T>> attempt) {
        AtomicReference<Attempt<T>> last = new AtomicReference<>(new Attempt<>(null, "nothing yet"));
        try {
            await(what).atMost(waitTimeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> {
                        checkOpen.run();
                        Attempt<T> a;
                        try {
                            a = attempt.get();
                        } catch (RuntimeException e) {
                            a = new Attempt<>(null, e.toString());
                        }
                        last.set(a);
                        return a.value() != null;
                    });
        } catch (ConditionTimeoutException e) {
            throw new TimeoutException("ReplogCluster: waited " + waitTimeout.toMillis() + " ms for: " + what
                    + "; last seen: " + last.get().seen());
        }
        return last.get().value();
    }

    void topicReady(String name, int partitions) {
        waitFor("topic " + name + " has " + partitions + " partitions, each with a leader and a full ISR, on every "
                + "running broker", () -> {
            Map<Integer, MetadataResponse> views = metadata(List.of(name));
            StringBuilder seen = new StringBuilder();
            boolean ready = !views.isEmpty();
            for (Map.Entry<Integer, MetadataResponse> view : views.entrySet()) {
                List<MetadataResponse.PartitionMetadata> parts = partitionsOf(view.getValue(), name);
                seen.append("broker ").append(view.getKey()).append(": ").append(describe(parts)).append("; ");
                ready &= view.getValue() != null && parts.size() == partitions && parts.stream().allMatch(p ->
                        p.leader() >= 0 && Set.copyOf(p.isr()).equals(Set.copyOf(p.replicas())));
            }
            return new Attempt<>(ready ? Boolean.TRUE : null, seen.toString());
        });
    }

    int leader(TopicPartition partition) {
        return waitFor("partition " + partition + " has a running leader that every running broker knows", () -> {
            Map<Integer, MetadataResponse> views = metadata(List.of(partition.topic()));
            Set<Integer> leaders = new TreeSet<>();
            StringBuilder seen = new StringBuilder();
            boolean answered = !views.isEmpty();
            for (Map.Entry<Integer, MetadataResponse> view : views.entrySet()) {
                Optional<MetadataResponse.PartitionMetadata> p = partitionOf(view.getValue(), partition);
                seen.append("broker ").append(view.getKey()).append(": ").append(describe(p, view.getValue()))
                        .append("; ");
                answered &= p.isPresent();
                p.ifPresent(m -> leaders.add(m.leader()));
            }
            Set<Integer> live = new TreeSet<>(views.keySet());
            Integer leader = answered && leaders.size() == 1 && live.contains(leaders.iterator().next())
                    ? leaders.iterator().next() : null;
            return new Attempt<>(leader, seen + "running brokers " + live);
        });
    }

    void isr(TopicPartition partition, Set<Integer> isr) {
        Set<Integer> expected = Set.copyOf(isr);
        waitFor("the ISR of " + partition + " is " + new TreeSet<>(expected) + " on every running broker", () -> {
            Map<Integer, MetadataResponse> views = metadata(List.of(partition.topic()));
            StringBuilder seen = new StringBuilder();
            boolean ready = !views.isEmpty();
            for (Map.Entry<Integer, MetadataResponse> view : views.entrySet()) {
                Optional<MetadataResponse.PartitionMetadata> p = partitionOf(view.getValue(), partition);
                seen.append("broker ").append(view.getKey()).append(": ").append(describe(p, view.getValue()))
                        .append("; ");
                ready &= p.isPresent() && Set.copyOf(p.get().isr()).equals(expected)
                        && expected.contains(p.get().leader());
            }
            return new Attempt<>(ready ? Boolean.TRUE : null, seen.toString());
        });
    }

    int controller(IntSupplier controllerId) {
        return waitFor("a running broker is controller and every running broker names it", () -> {
            int controller = controllerId.getAsInt();
            Map<Integer, MetadataResponse> views = metadata(List.of());
            Map<Integer, Object> named = new TreeMap<>();
            views.forEach((id, m) -> named.put(id, m == null ? "no answer" : m.controllerId()));
            boolean ready = controller >= 0 && !views.isEmpty()
                    && views.values().stream().allMatch(m -> m != null && m.controllerId() == controller);
            return new Attempt<>(ready ? controller : null, "controller " + (controller < 0 ? "none" : controller)
                    + ", named by each broker " + named);
        });
    }

    /** The topics each reachable running broker's metadata names (null where it did not answer in time). */
    Map<Integer, List<String>> topicNames() {
        Map<Integer, List<String>> out = new TreeMap<>();
        metadata(null).forEach((id, m) -> out.put(id, m == null ? null
                : m.topics().stream().map(MetadataResponse.TopicMetadata::topic).sorted().toList()));
        return out;
    }

    /** Each reachable running broker's answer to a Metadata request for {@code topics} (null: every topic; an answer null where none came in time). */
    private Map<Integer, MetadataResponse> metadata(List<String> topics) {
        Map<Integer, CompletableFuture<Response>> asked = new TreeMap<>();
        reachable.get().forEach((id, address) -> asked.put(id, probe.sendTo(address, new MetadataRequest(topics))));
        Map<Integer, MetadataResponse> views = new TreeMap<>();
        asked.forEach((id, f) -> {
            MetadataResponse m = null;
            try {
                m = (MetadataResponse) f.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                m = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            views.put(id, m);
        });
        return views;
    }

    private static List<MetadataResponse.PartitionMetadata> partitionsOf(MetadataResponse m, String topic) {
        if (m == null) {
            return List.of();
        }
        return m.topics().stream().filter(t -> t.topic().equals(topic)).flatMap(t -> t.partitions().stream())
                .toList();
    }

    private static Optional<MetadataResponse.PartitionMetadata> partitionOf(MetadataResponse m, TopicPartition tp) {
        return partitionsOf(m, tp.topic()).stream().filter(p -> p.partition() == tp.partition()).findFirst();
    }

    private static String describe(Optional<MetadataResponse.PartitionMetadata> p, MetadataResponse answer) {
        return p.map(Readiness::describe).orElse(answer == null ? "no answer" : "unknown");
    }

    private static String describe(List<MetadataResponse.PartitionMetadata> parts) {
        return parts.isEmpty() ? "no partitions" : parts.stream().map(Readiness::describe)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(MetadataResponse.PartitionMetadata p) {
        return "p" + p.partition() + " leader " + p.leader() + " epoch " + p.leaderEpoch() + " replicas " + p.replicas()
                + " isr " + p.isr() + (p.error() == Errors.NONE ? "" : " " + p.error());
    }
}
