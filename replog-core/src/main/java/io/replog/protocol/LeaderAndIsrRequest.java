package io.replog.protocol;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;

import java.util.List;

/**
 * The controller tells a broker to lead or follow partitions. A broker ignores a request from
 * a controller epoch older than one it has seen, and a partition state whose leader epoch is
 * not newer than the one it holds.
 *
 * @param controllerId    the sending controller
 * @param controllerEpoch its epoch
 * @param brokerEpoch     the epoch of the target broker's registration as the controller knows it
 *                        (KIP-380): a broker refuses a request meant for an earlier registration
 * @param partitions      the partitions this broker holds a replica of, with their new state
 * @param leaders         the registrations of the leaders named, so followers can reach them
 */
public record LeaderAndIsrRequest(int controllerId, int controllerEpoch, long brokerEpoch,
                                  List<PartitionState> partitions, List<BrokerRegistration> leaders)
        implements ControllerRequest {

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
     * @param topicId   the id of the topic the controller means ({@link TopicId#ZERO}: not known); a
     *                  replica directory holding another id is a deleted topic's and is removed
     * @param state     leader, leader epoch, ISR and the version the controller stored
     * @param replicas  the assignment, preferred leader first
     * @param configs   the topic's configuration overrides
     */
    public record PartitionState(TopicPartition partition, TopicId topicId, LeaderAndIsr state, List<Integer> replicas,
                                 java.util.Map<String, String> configs) {
        public PartitionState {
            java.util.Objects.requireNonNull(topicId, "topicId");
            replicas = List.copyOf(replicas);
            configs = Ordered.map(configs);
        }
    }
}
