package io.replog.internal.replica;

import io.replog.log.EpochEndOffset;
import io.replog.protocol.Errors;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.topic.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * A leader's answers about offsets: where a client may start reading (log start or high
 * watermark) and where an epoch ended (for a follower that must truncate). Only the leader of a
 * partition answers, and only for the leader epoch the asker names. Event loop only.
 */
final class OffsetQueries {
    private final LocalReplicas replicas;

    OffsetQueries(LocalReplicas replicas) {
        this.replicas = replicas;
    }

    OffsetForLeaderEpochResponse offsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
        Map<TopicPartition, OffsetForLeaderEpochResponse.EpochEnd> out = new HashMap<>();
        request.partitions().forEach((tp, query) -> {
            Partition p = replicas.get(tp);
            if (p == null || !p.isLeader()) {
                out.put(tp, new OffsetForLeaderEpochResponse.EpochEnd(
                        p == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.NOT_LEADER_OR_FOLLOWER, -1, -1L));
                return;
            }
            Errors epochError = p.checkLeaderEpoch(query.currentLeaderEpoch());
            if (epochError != Errors.NONE) {
                out.put(tp, new OffsetForLeaderEpochResponse.EpochEnd(epochError, -1, -1L));
                return;
            }
            EpochEndOffset end = p.endOffsetForEpoch(query.leaderEpoch());
            out.put(tp, new OffsetForLeaderEpochResponse.EpochEnd(Errors.NONE, end.epoch(), end.endOffset()));
        });
        return new OffsetForLeaderEpochResponse(out);
    }

    ListOffsetsResponse listOffsets(ListOffsetsRequest request) {
        Map<TopicPartition, ListOffsetsResponse.PartitionOffset> out = new HashMap<>();
        request.timestamps().forEach((tp, ts) -> {
            Partition p = replicas.get(tp);
            if (p == null || !p.isLeader()) {
                out.put(tp, new ListOffsetsResponse.PartitionOffset(
                        p == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.NOT_LEADER_OR_FOLLOWER, -1L, -1));
                return;
            }
            long offset = ts == ListOffsetsRequest.EARLIEST ? p.logStartOffset() : p.highWatermark();
            out.put(tp, new ListOffsetsResponse.PartitionOffset(Errors.NONE, offset, p.leaderEpoch()));
        });
        return new ListOffsetsResponse(out);
    }
}
