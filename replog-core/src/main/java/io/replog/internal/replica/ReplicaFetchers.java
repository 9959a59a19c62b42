package io.replog.internal.replica;

import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;

import java.util.HashMap;
import java.util.Map;

/**
 * The fetchers one broker runs as a follower: one {@link ReplicaFetcher} per leader it follows,
 * created with the first partition it follows on that leader and closed with the last. A
 * partition is fetched by at most one of them. Event loop only.
 */
final class ReplicaFetchers {
    private final ReplicaSettings settings;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ReplicaFetcher.Listener listener;
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();

    ReplicaFetchers(ReplicaSettings settings, Transport transport, Scheduler scheduler,
                    ReplicaFetcher.Listener listener) {
        this.settings = settings;
        this.transport = transport;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    /** Starts fetching {@code partition} from broker {@code leaderId}; the caller stopped any earlier fetching of it. */
    void follow(int leaderId, Partition partition) {
        fetchers.computeIfAbsent(leaderId, id -> new ReplicaFetcher(settings.brokerId(), id, transport, scheduler,
                settings.fetcher(), listener, settings.plantedBugs())).add(partition);
    }

    /** Stops fetching {@code tp}, closing a fetcher left with nothing to fetch. */
    void stop(TopicPartition tp) {
        fetchers.values().removeIf(f -> {
            f.remove(tp);
            if (f.isEmpty()) {
                f.close();
                return true;
            }
            return false;
        });
    }

    /** Closes every fetcher. */
    void closeAll() {
        fetchers.values().forEach(ReplicaFetcher::close);
        fetchers.clear();
    }
}
