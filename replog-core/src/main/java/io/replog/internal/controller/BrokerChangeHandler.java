package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what a change of the live brokers means: which failed, which joined, which restarted
 * (a new registration, or a start after an unclean shutdown), and then what each partition's
 * state and each broker's requests become. A restarted broker is handled as failed, then as
 * returned: what it held in memory is gone and its log may have lost an unflushed tail.
 *
 * <p>The seam: a broker change is three coordinator writes in a row, each decided from the
 * states the one before stored and from the brokers counted live at that point, so this class
 * answers one step at a time: {@link #diff} (pure), then, once the failed brokers are forgotten,
 * {@link #failures}; then {@link #uncleanReturns}; then, once the joining brokers are counted,
 * {@link #joined}; finally {@link #requests} from every partition those writes changed. The
 * {@link EventRunner} forgets and counts the brokers (context, channel and transport) between the
 * steps. Event-loop confined.
 */
final class BrokerChangeHandler {
    private final ControllerContext ctx;
    private final TopicDeletions deletions;
    private final BrokerRestarts restarts;
    private final Deciders deciders;

    /**
     * What changed between the brokers known and a snapshot of the live ones. A restarted broker
     * ({@code bounced}) is in {@code failed} and in {@code added} too.
     *
     * @param live           the snapshot
     * @param failed         brokers to forget (gone or restarted)
     * @param added          brokers to count (new, returning or restarted)
     * @param bounced        brokers that restarted
     * @param uncleanReturns returning brokers that started after an unclean shutdown and that some
     *                       ISR names: they leave those ISRs before they count
     * @param updated        known registrations of the same process with new data
     */
    record BrokerChange(Map<Integer, BrokerRegistration> live, SortedSet<Integer> failed, SortedSet<Integer> added,
                        SortedSet<Integer> bounced, SortedSet<Integer> uncleanReturns, List<BrokerRegistration> updated) {
        BrokerChange {
            live = Collections.unmodifiableSortedMap(new TreeMap<>(live));
            failed = Collections.unmodifiableSortedSet(new TreeSet<>(failed));
            added = Collections.unmodifiableSortedSet(new TreeSet<>(added));
            bounced = Collections.unmodifiableSortedSet(new TreeSet<>(bounced));
            uncleanReturns = Collections.unmodifiableSortedSet(new TreeSet<>(uncleanReturns));
            updated = List.copyOf(updated);
        }

        /** Whether no broker failed, joined or restarted (updated registrations aside). */
        boolean isEmpty() {
            return failed.isEmpty() && added.isEmpty();
        }

        /** The failed brokers that did not come back. */
        SortedSet<Integer> gone() {
            SortedSet<Integer> gone = new TreeSet<>(failed);
            gone.removeAll(bounced);
            return gone;
        }
    }

    /** @param restarts the record of restarts, which also holds {@code BROKER_EPOCH_IGNORED}'s site */
    BrokerChangeHandler(ControllerContext ctx, TopicDeletions deletions, BrokerRestarts restarts, Deciders deciders) {
        this.ctx = ctx;
        this.deletions = deletions;
        this.restarts = restarts;
        this.deciders = deciders;
    }

    /** {@code live} without registrations already found stale (a snapshot from before a restart). */
    Map<Integer, BrokerRegistration> withoutFenced(Map<Integer, BrokerRegistration> live) {
        return restarts.withoutFenced(live);
    }

    /**
     * Broker {@code broker} refused a request naming registration {@code brokerEpoch} (KIP-380):
     * if that is still the registration known here, it is fenced and the live brokers without it
     * are returned, to be handled as that broker's failure now; otherwise nothing (empty).
     */
    Optional<Map<Integer, BrokerRegistration>> staleBrokerEpoch(int broker, long brokerEpoch) {
        BrokerRegistration known = ctx.liveBrokers().get(broker);
        if (known == null || known.brokerEpoch() != brokerEpoch) {
            return Optional.empty();
        }
        restarts.fence(broker, brokerEpoch);
        Map<Integer, BrokerRegistration> live = new TreeMap<>(ctx.liveBrokers());
        live.remove(broker);
        return Optional.of(live);
    }

    /** Compares {@code live} with the brokers known; changes nothing. */
    BrokerChange diff(Map<Integer, BrokerRegistration> live) {
        Set<Integer> failed = new TreeSet<>();
        Set<Integer> added = new TreeSet<>();
        Set<Integer> bounced = new TreeSet<>();
        List<BrokerRegistration> updated = new ArrayList<>();
        ctx.liveBrokers().forEach((id, known) -> {
            BrokerRegistration now = live.get(id);
            if (now == null) {
                failed.add(id);
            } else if (BrokerRestarts.isNewProcess(known, now)) {
                bounced.add(id);
            } else if (!now.equals(known)) {
                updated.add(now);
            }
        });
        live.keySet().stream().filter(id -> !ctx.isLive(id)).forEach(added::add);
        // A process that started after an unclean shutdown may have lost records it acknowledged as
        // an ISR member; like a restart, it first leaves every ISR that has another member.
        Set<Integer> uncleanReturns = new TreeSet<>(added.stream()
                .filter(id -> restarts.mayHaveLostAcknowledgedRecords(live.get(id), ctx)).toList());
        bounced.addAll(uncleanReturns);
        failed.addAll(bounced);
        added.addAll(bounced);
        return new BrokerChange(live, new TreeSet<>(failed), new TreeSet<>(added), new TreeSet<>(bounced),
                new TreeSet<>(uncleanReturns), updated);
    }

    /** Step 1, once the failed brokers are no longer counted live: their partitions reconciled. */
    StateWrite failures(BrokerChange change) {
        return new StateWrite("brokers " + change.failed() + " failed", ctx.partitionsTouching(change.failed()),
                deciders.reconcile());
    }

    /**
     * Step 2: brokers back from an unclean shutdown leave every ISR that has another member,
     * offline partitions included: an offline partition keeps its ISR as the record of who may
     * lead, and one of these must not be elected with what it has left.
     */
    StateWrite uncleanReturns(BrokerChange change) {
        return new StateWrite("brokers " + change.uncleanReturns() + " may have lost acknowledged records",
                ctx.partitionsTouching(change.uncleanReturns()),
                deciders.unlessDeleting(BrokerRestarts.dropFromIsr(change.uncleanReturns(), ctx.controllerEpoch())));
    }

    /** Step 3, once the joining brokers count as live: offline partitions whose last ISR member is back get a leader. */
    StateWrite joined(BrokerChange change) {
        String reason = "brokers " + change.added() + " joined";
        return change.added().isEmpty() ? StateWrite.none(reason)
                : new StateWrite(reason, ctx.partitionsNeedingLeader(), deciders.reconcile());
    }

    /** Finally, given every partition the steps changed: what the brokers must learn. */
    BrokerRequests requests(BrokerChange change, Set<TopicPartition> changed) {
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        changed.forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
        List<TopicPartition> all = ctx.allPartitions();
        for (int id : change.added()) {
            // A returning broker knows nothing: it gets the state of every replica it holds,
            // and the deletes it missed while it was away.
            ctx.partitionsWithReplicaOn(id).stream().filter(tp -> !deletions.isDeleting(tp.topic()))
                    .forEach(tp -> batch.leaderAndIsr(id, tp));
            deletions.unconfirmedOn(id).forEach(tp -> batch.stopReplica(id, tp, true));
            batch.metadataTo(id, all);
        }
        // Everyone learns the new broker list, the changed states and which replicas are offline.
        Set<Integer> touched = new TreeSet<>(change.failed());
        touched.addAll(change.added());
        Set<TopicPartition> metadata = new TreeSet<>(changed);
        touched.forEach(id -> metadata.addAll(ctx.partitionsWithReplicaOn(id)));
        return batch.metadataToAll(metadata).build();
    }
}
