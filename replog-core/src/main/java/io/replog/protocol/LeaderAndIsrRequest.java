package io.replog.protocol;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.topic.TopicPartition;

import java.util.List;

/**
 * The controller tells a broker to lead or follow partitions. A broker ignores a request from
 * a controller epoch older than one it has seen, and a partition state whose leader epoch is
 * not newer than the one it holds.
 *
 * @param controllerId    the sending controller
 * @param controllerEpoch its epoch
 * @param partitions      the partitions this broker holds a replica of, with their new state
 * @param leaders         the registrations of the leaders named, so followers can reach them
 */
public record LeaderAndIsrRequest(int controllerId, int controllerEpoch, List<PartitionState> partitions,
                                  List<BrokerRegistration> leaders) implements Request {

    public LeaderAndIsrRequest {
        partitions = List.copyOf(partitions);
        leaders = List.copyOf(leaders);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEADER_AND_ISR;
    }

    /**
     * @param partition the partition
     * @param state     leader, leader epoch, ISR and the version the controller stored
     * @param replicas  the assignment, preferred leader first
     * @param configs   the topic's configuration overrides
     */
    public record PartitionState(TopicPartition partition, LeaderAndIsr state, List<Integer> replicas,
                                 java.util.Map<String, String> configs) {
        public PartitionState {
            replicas = List.copyOf(replicas);
            configs = Ordered.map(configs);
        }
    }
}
