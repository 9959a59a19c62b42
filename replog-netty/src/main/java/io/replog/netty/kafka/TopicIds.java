package io.replog.netty.kafka;

import io.replog.protocol.Errors;
import io.replog.protocol.MetadataResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Topic id to name and back, from core's metadata: how Produce v13+ and Fetch v13+, which name
 * topics by id, reach core, which names them by name. Only topics without error and with a
 * non-zero id are listed.
 *
 * @param names        topic id to name
 * @param ids          topic name to id
 * @param unknownError the code for an id not listed: UNKNOWN_TOPIC_ID (100), or
 *                     UNKNOWN_SERVER_ERROR (-1) when the metadata could not be had
 */
public record TopicIds(Map<UUID, String> names, Map<String, UUID> ids, short unknownError) {
    /** No topics: for versions that name topics by name. */
    public static final TopicIds NONE = new TopicIds(Map.of(), Map.of(), KafkaCodes.UNKNOWN_TOPIC_ID);

    public TopicIds {
        names = Map.copyOf(names);
        ids = Map.copyOf(ids);
    }

    /** The ids of every topic in {@code metadata}. */
    public static TopicIds of(MetadataResponse metadata) {
        Map<UUID, String> names = new HashMap<>();
        Map<String, UUID> ids = new HashMap<>();
        for (MetadataResponse.TopicMetadata t : metadata.topics()) {
            if (t.error() == Errors.NONE && !t.topicId().isZero()) {
                UUID id = MetadataTranslator.uuid(t.topicId());
                names.put(id, t.topic());
                ids.put(t.topic(), id);
            }
        }
        return new TopicIds(names, ids, KafkaCodes.UNKNOWN_TOPIC_ID);
    }

    /** No topics, because core's metadata failed: every id is answered UNKNOWN_SERVER_ERROR. */
    public static TopicIds unavailable() {
        return new TopicIds(Map.of(), Map.of(), KafkaCodes.UNKNOWN_SERVER_ERROR);
    }

    /** The id of {@code topic}, or zero when unknown. */
    public UUID idOf(String topic) {
        return ids.getOrDefault(topic, new UUID(0L, 0L));
    }
}
