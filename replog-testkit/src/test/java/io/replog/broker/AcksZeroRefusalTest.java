package io.replog.broker;

import io.netty.buffer.Unpooled;
import io.replog.live.LiveCluster;
import io.replog.netty.fuzz.WireClient;
import io.replog.protocol.ProduceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acks=0 produce gets no response, so a running broker reports a refusal the one way Kafka's
 * does: it closes the connection. Sent to a broker that does not lead the partition, the request
 * is refused by the engine (NOT_LEADER_OR_FOLLOWER) and the connection ends; sent to the leader,
 * the connection stays open.
 */
class AcksZeroRefusalTest {
    @TempDir
    Path dir;

    @Test
    void aBrokerClosesTheConnectionOfAnAcksZeroProduceItRefusesAndKeepsItOtherwise() throws Exception {
        try (LiveCluster cluster = LiveCluster.start(dir, 2)) {
            cluster.createTopic("zero", Map.of(0, List.of(0)), Map.of());
            byte[] records = WireClient.batch(List.of("v".getBytes(StandardCharsets.UTF_8)));

            assertThat(sendAcksZeroThenRead(cluster.address(1), records, 1))
                    .as("broker 1 leads nothing: the connection is closed").isEqualTo(-1);
            // A Metadata request after the acks=0 produce proves the connection still serves: its
            // answer is the first byte read.
            assertThat(sendAcksZeroThenRead(cluster.address(0), records, 2))
                    .as("the leader took the records: the connection answers the next request").isNotEqualTo(-1);
        }
    }

    /** Sends an acks=0 produce, then a Metadata request, and returns the first byte read (-1: closed). */
    private static int sendAcksZeroThenRead(InetSocketAddress broker, byte[] records, int correlationId)
            throws Exception {
        try (Socket socket = new Socket(broker.getHostString(), broker.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(WireClient.request((short) 0, WireClient.PRODUCE_VERSION, correlationId,
                    WireClient.produce("zero", 0, ProduceRequest.ACKS_NONE, Unpooled.wrappedBuffer(records))));
            out.write(WireClient.request((short) 3, (short) 9, correlationId + 100,
                    io.replog.netty.protocol.message.MetadataRequestMessage.DEFAULT.withTopics(null)));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                return in.read();
            } catch (java.net.SocketException reset) {
                return -1; // a reset is a close too
            }
        }
    }
}
