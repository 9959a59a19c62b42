package io.replog.zk.znode;

import io.replog.coordinator.LeaderAndIsr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The JSON body for {@code state} (its partition epoch is the znode version, not part of the
     * body). Written with jackson's streaming generator: this body is written in bulk.
     */
    public static byte[] encode(LeaderAndIsr state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator g = ZnodeJson.streaming().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("controller_epoch", state.controllerEpoch());
            g.writeNumberField("leader", state.leader());
            g.writeNumberField("version", VERSION);
            g.writeNumberField("leader_epoch", state.leaderEpoch());
            g.writeArrayFieldStart("isr");
            for (int replica : state.isr()) {
                g.writeNumber(replica);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + state, e);
        }
        return out.toByteArray();
    }

    /**
     * Reads the state stored at {@code path} under znode version {@code zkVersion}. A well-formed
     * body is read with jackson's streaming parser (it is read in bulk); anything unexpected is
     * read again field by field, to report the path and the field at fault.
     */
    public static LeaderAndIsr decode(String path, byte[] data, int zkVersion) {
        return decode(path, data, zkVersion, ZnodeNotes.NONE);
    }

    /**
     * Reads the state, telling {@code notes} of a {@code leader_recovery_state} other than 0
     * (KIP-704: Kafka marks a leader elected uncleanly as still recovering); replog has no such
     * state and treats the leader as any other.
     */
    public static LeaderAndIsr decode(String path, byte[] data, int zkVersion, ZnodeNotes notes) {
        LeaderAndIsr fast = decodeWellFormed(data, zkVersion);
        return fast != null ? fast : decodeChecked(path, data, zkVersion, notes);
    }

    /** The streaming read; null at the first surprise. */
    private static LeaderAndIsr decodeWellFormed(byte[] data, int zkVersion) {
        if (data == null || data.length == 0) {
            return null;
        }
        int controllerEpoch = Integer.MIN_VALUE;
        int leader = Integer.MIN_VALUE;
        int leaderEpoch = Integer.MIN_VALUE;
        List<Integer> isr = null;
        try (JsonParser p = ZnodeJson.streaming().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "controller_epoch", "leader", "leader_epoch" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        int v = p.getIntValue();
                        if (name.equals("controller_epoch")) {
                            controllerEpoch = v;
                        } else if (name.equals("leader")) {
                            leader = v;
                        } else {
                            leaderEpoch = v;
                        }
                    }
                    case "isr" -> {
                        if (value != JsonToken.START_ARRAY) {
                            return null;
                        }
                        isr = new ArrayList<>(4);
                        while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_INT
                                && p.getNumberType() == JsonParser.NumberType.INT) {
                            isr.add(p.getIntValue());
                        }
                        if (t != JsonToken.END_ARRAY) {
                            return null;
                        }
                    }
                    case "leader_recovery_state" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != 0) {
                            return null; // worth a note: the checked read gives it
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (controllerEpoch == Integer.MIN_VALUE || leader < LeaderAndIsr.NO_LEADER || leaderEpoch < 0 || isr == null) {
            return null;
        }
        return new LeaderAndIsr(leader, leaderEpoch, isr, controllerEpoch, zkVersion);
    }

    /** The field-by-field read that names what is wrong. */
    private static LeaderAndIsr decodeChecked(String path, byte[] data, int zkVersion, ZnodeNotes notes) {
        JsonObject json = ZnodeJson.read(path, data);
        if (json.has("leader_recovery_state") && json.requiredInt("leader_recovery_state") != 0) {
            notes.unsupported(path, "leader_recovery_state", "is " + json.requiredInt("leader_recovery_state")
                    + " (the leader is recovering after an unclean election, as Kafka marks it); replog treats the "
                    + "leader as any other");
        }
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
