package io.replog.zk.znode;

import io.replog.coordinator.LeaderAndIsr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code /brokers/topics/<topic>/partitions/<p>/state}, Kafka's layout:
 * <pre>{"controller_epoch":3,"leader":1,"version":1,"leader_epoch":7,"isr":[1,2,3]}</pre>
 * The znode's version is the state's {@link LeaderAndIsr#partitionEpoch()}: every write names
 * the version it read.
 */
public final class PartitionStateZnode {
    public static final int VERSION = 1;

    private PartitionStateZnode() {
    }

    /** The JSON body for {@code state} (its partition epoch is the znode version, not part of the body). */
    public static byte[] encode(LeaderAndIsr state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("controller_epoch", state.controllerEpoch());
        body.put("leader", state.leader());
        body.put("version", VERSION);
        body.put("leader_epoch", state.leaderEpoch());
        body.put("isr", state.isr());
        return ZnodeJson.write(body);
    }

    /** Reads the state stored at {@code path} under znode version {@code zkVersion}. */
    public static LeaderAndIsr decode(String path, byte[] data, int zkVersion) {
        JsonObject json = ZnodeJson.read(path, data);
        int controllerEpoch = json.requiredInt("controller_epoch");
        int leader = json.requiredInt("leader");
        int leaderEpoch = json.requiredInt("leader_epoch");
        if (leader < LeaderAndIsr.NO_LEADER) {
            throw json.fail("leader", "must be a broker id or -1, was " + leader);
        }
        if (leaderEpoch < 0) {
            throw json.fail("leader_epoch", "must be >= 0, was " + leaderEpoch);
        }
        return new LeaderAndIsr(leader, leaderEpoch, json.requiredIntList("isr"), controllerEpoch, zkVersion);
    }
}
