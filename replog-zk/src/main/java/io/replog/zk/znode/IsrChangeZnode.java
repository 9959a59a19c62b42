package io.replog.zk.znode;

import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of a sequential {@code /isr_change_notification/isr_change_<seq>} znode, through
 * which a leader tells the controller it changed an ISR, Kafka's layout:
 * <pre>{"version":1,"partitions":[{"topic":"orders","partition":0}]}</pre>
 */
public final class IsrChangeZnode {
    public static final int VERSION = 1;

    private IsrChangeZnode() {
    }

    /** The JSON body naming {@code partitions}. */
    public static byte[] encode(Collection<TopicPartition> partitions) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (TopicPartition tp : new TreeSet<>(partitions)) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("topic", tp.topic());
            one.put("partition", tp.partition());
            list.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("partitions", list);
        return ZnodeJson.write(body);
    }

    /** Reads the partitions named by the notification at {@code path}. */
    public static Set<TopicPartition> decode(String path, byte[] data) {
        Set<TopicPartition> out = new TreeSet<>();
        for (JsonObject one : ZnodeJson.read(path, data).requiredObjectList("partitions")) {
            int partition = one.requiredInt("partition");
            if (partition < 0) {
                throw one.fail("partition", "must be >= 0, was " + partition);
            }
            out.add(new TopicPartition(one.requiredString("topic"), partition));
        }
        return out;
    }
}
