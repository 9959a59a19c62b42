package io.replog.zk;

import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;

/**
 * Every znode path replog uses, under an optional chroot, in Kafka's layout:
 * <pre>
 * /brokers/ids/&lt;id&gt;                              ephemeral broker registration
 * /brokers/topics/&lt;topic&gt;                        replica assignment
 * /brokers/topics/&lt;topic&gt;/partitions/&lt;p&gt;/state  leader, leader epoch, ISR, controller epoch
 * /controller                                    ephemeral, the elected controller
 * /controller_epoch                              the controller epoch; its version fences the controller
 * /config/topics/&lt;topic&gt;                         per-topic config overrides
 * /admin/delete_topics/&lt;topic&gt;                   a topic deletion request
 * /isr_change_notification/isr_change_&lt;seq&gt;      a leader's ISR change, for the controller
 * </pre>
 * The chroot is applied here rather than by the ZooKeeper client, so the chroot node itself can
 * be created with the same session.
 */
public final class ZkPaths {
    /** The prefix of the sequential ISR change notification znodes. */
    public static final String ISR_CHANGE_PREFIX = "isr_change_";
    public static final String LOG_DIR_EVENT_PREFIX = "log_dir_event_";

    private final String root;

    /** Paths under {@code chroot} ({@code ""} for none, else {@code /a/b}). */
    public ZkPaths(String chroot) {
        this.root = chroot == null ? "" : chroot;
    }

    /** The chroot, or {@code ""}. */
    public String chroot() {
        return root;
    }

    public String brokers() {
        return root + "/brokers";
    }

    public String brokerIds() {
        return root + "/brokers/ids";
    }

    public String broker(int id) {
        return brokerIds() + "/" + id;
    }

    public String topics() {
        return root + "/brokers/topics";
    }

    public String topic(String topic) {
        return topics() + "/" + topic;
    }

    public String topicPartitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public String partition(String topic, int partition) {
        return topicPartitions(topic) + "/" + partition;
    }

    public String partitionState(TopicPartition tp) {
        return root + "/brokers/topics/" + tp.topic() + "/partitions/" + tp.partition() + "/state";
    }

    public String controller() {
        return root + "/controller";
    }

    public String controllerEpoch() {
        return root + "/controller_epoch";
    }

    public String config() {
        return root + "/config";
    }

    public String topicConfigs() {
        return root + "/config/topics";
    }

    public String topicConfig(String topic) {
        return topicConfigs() + "/" + topic;
    }

    public String admin() {
        return root + "/admin";
    }

    public String deleteTopics() {
        return root + "/admin/delete_topics";
    }

    public String deleteTopic(String topic) {
        return deleteTopics() + "/" + topic;
    }

    public String isrChangeNotifications() {
        return root + "/isr_change_notification";
    }

    /** The path to create a sequential notification with (ZooKeeper appends the sequence number). */
    public String isrChangeNotificationPrefix() {
        return isrChangeNotifications() + "/" + ISR_CHANGE_PREFIX;
    }

    public String isrChangeNotification(String child) {
        return isrChangeNotifications() + "/" + child;
    }

    public String logDirEventNotifications() {
        return root + "/log_dir_event_notification";
    }

    /** The path to create a sequential log directory event with (ZooKeeper appends the sequence number). */
    public String logDirEventNotificationPrefix() {
        return logDirEventNotifications() + "/" + LOG_DIR_EVENT_PREFIX;
    }

    /** The persistent nodes every session makes sure of, parents before children (the chroot's own chain first). */
    public List<String> persistentNodes() {
        List<String> nodes = new ArrayList<>();
        if (!root.isEmpty()) {
            int i = 0;
            while ((i = root.indexOf('/', i + 1)) > 0) {
                nodes.add(root.substring(0, i));
            }
            nodes.add(root);
        }
        nodes.add(brokers());
        nodes.add(brokerIds());
        nodes.add(topics());
        nodes.add(config());
        nodes.add(topicConfigs());
        nodes.add(admin());
        nodes.add(deleteTopics());
        nodes.add(isrChangeNotifications());
        nodes.add(logDirEventNotifications());
        return nodes;
    }

    @Override
    public String toString() {
        return root.isEmpty() ? "/" : root;
    }
}
