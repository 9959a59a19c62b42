package io.replog.zk.znode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of the ephemeral {@code /controller}, Kafka's layout:
 * <pre>{"version":1,"brokerid":2,"timestamp":"1700000000000"}</pre>
 *
 * @param brokerId    the controller's broker id
 * @param timestampMs when it was elected, by its clock
 */
public record ControllerZnode(int brokerId, long timestampMs) {
    public static final int VERSION = 1;

    /** The JSON body. */
    public byte[] encode() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("brokerid", brokerId);
        body.put("timestamp", Long.toString(timestampMs));
        return ZnodeJson.write(body);
    }

    /** Reads the body of the znode at {@code path}. */
    public static ControllerZnode decode(String path, byte[] data) {
        return decode(path, data, ZnodeNotes.NONE);
    }

    /**
     * Reads the body, telling {@code notes} when a KRaft controller holds {@code /controller}
     * (Kafka's ZooKeeper-to-KRaft migration writes {@code kraftControllerEpoch}): replog brokers
     * cannot work with such a controller and will not run for controller while it holds the znode.
     */
    public static ControllerZnode decode(String path, byte[] data, ZnodeNotes notes) {
        JsonObject json = ZnodeJson.read(path, data);
        if (json.has("kraftControllerEpoch")) {
            notes.unsupported(path, "kraftControllerEpoch", "a KRaft controller (id " + json.requiredInt("brokerid")
                    + ") holds the controllership: this ensemble is being migrated to KRaft, which replog does not "
                    + "support; no replog broker acts as controller while it holds the znode");
        }
        int brokerId = json.requiredInt("brokerid");
        long timestamp = json.has("timestamp") ? json.requiredMillis("timestamp") : 0L;
        return new ControllerZnode(brokerId, timestamp);
    }
}
