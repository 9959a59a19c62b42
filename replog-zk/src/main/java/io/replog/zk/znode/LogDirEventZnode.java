package io.replog.zk.znode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The body of a sequential {@code /log_dir_event_notification/log_dir_event_<seq>} znode, through
 * which a broker tells the controller that a log directory failed, Kafka's layout:
 * <pre>{"version":1,"broker":2,"event":1}</pre>
 * Event 1 is Kafka's "log directory failure", the only event defined.
 */
public final class LogDirEventZnode {
    public static final int VERSION = 1;
    /** Kafka's code for a log directory failure. */
    public static final int LOG_DIR_FAILURE = 1;

    private LogDirEventZnode() {
    }

    /** The JSON body for a failure of a log directory of {@code brokerId}. */
    public static byte[] encode(int brokerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("broker", brokerId);
        body.put("event", LOG_DIR_FAILURE);
        return ZnodeJson.write(body);
    }

    /** The broker whose log directory failed, as a set for {@code SequentialNotifications}. */
    public static Set<Integer> decode(String path, byte[] data) {
        JsonObject body = ZnodeJson.read(path, data);
        int broker = body.requiredInt("broker");
        if (broker < 0) {
            throw body.fail("broker", "must be >= 0, was " + broker);
        }
        int event = body.requiredInt("event");
        if (event != LOG_DIR_FAILURE) {
            throw body.fail("event", "is " + event + "; the only event defined is " + LOG_DIR_FAILURE
                    + " (log directory failure)");
        }
        return Set.of(broker);
    }
}
