package io.replog.netty.provider;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.NetworkException;
import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.provider.Providers;
import io.replog.provider.TransportProvider;
import io.replog.record.MemoryRecords;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The provider end to end with real Netty, over TCP loopback and in-VM channels: a listener the
 * provider started, serving a core {@link RequestHandler} test double, and the provider's client
 * {@link Transport} sending it every core request type and reading back the handler's core
 * response, equal to what the handler answered.
 */
class NettyTransportProviderTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final TopicPartition TP2 = new TopicPartition("u", 3);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** What the handler saw, checked against what was sent inside the handler (produce records are views). */
    private final ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RequestSource> sources = new ConcurrentLinkedQueue<>();

    /** replog threads other tests of this JVM left running, which this test does not answer for. */
    private final Set<Thread> before = replogThreadSet();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        // Every thread the provider's objects made is gone once they are closed.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replogThreads()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "local"})
    void everyCoreRequestTypeGetsTheHandlersResponseBack(String kind) throws Exception {
        String listener = kind.equals("tcp") ? "PLAINTEXT://127.0.0.1:0"
                : "local://provider-test-" + NAMES.incrementAndGet() + ":0";
        String clientListener = kind.equals("tcp") ? "PLAINTEXT" : "local";
        List<Exchange> exchanges = exchanges(clientListener);
        Map<Class<?>, Exchange> byType = new java.util.HashMap<>();
        exchanges.forEach(e -> byType.put(e.request().getClass().getName().equals(ProduceRequest.class.getName())
                ? ProduceRequest.class : e.request().getClass(), e));
        RequestHandler handler = (source, request) -> {
            sources.add(source);
            Exchange e = request instanceof ProduceRequest p ? exchanges.stream()
                    .filter(x -> x.request() instanceof ProduceRequest q && q.acks() == p.acks()).findFirst().orElseThrow()
                    : byType.get(request.getClass());
            if (!e.request().equals(request)) {
                mismatches.add("sent " + e.request() + ", handled " + request);
            }
            return e.response() == null ? null : CompletableFuture.completedFuture(e.response());
        };
        TransportProvider provider = new NettyTransportProvider();
        TransportProvider.Listening listening = provider.listen(config(1, listener), handler);
        toClose.add(listening);
        Endpoint bound = listening.endpoints().get(0);
        if (kind.equals("tcp")) {
            assertThat(bound.listener()).isEqualTo("PLAINTEXT");
            assertThat(bound.host()).isEqualTo("127.0.0.1");
            assertThat(bound.port()).isPositive();
        } else {
            assertThat(bound).isEqualTo(new Endpoint("local", listener.substring("local://".length(),
                    listener.length() - 2), 0));
        }

        Transport client = provider.client(config(2, kind.equals("tcp") ? "PLAINTEXT://127.0.0.1:0"
                : "local://provider-test-client:0"));
        toClose.add(client);
        client.updateBrokers(List.of(new BrokerRegistration(1, null, listening.endpoints(), 0L)));

        for (Exchange e : exchanges) {
            Response got = client.send(1, e.request()).get(10, TimeUnit.SECONDS);
            if (e.response() instanceof FetchResponse want) {
                assertFetchEquals((FetchResponse) got, want);
            } else if (e.request() instanceof ProduceRequest p && p.acks() == ProduceRequest.ACKS_NONE) {
                assertThat(got).as("acks=0 completes with null once written").isNull();
            } else {
                assertThat(got).as(e.request().apiKey().toString()).isEqualTo(e.response());
            }
        }
        // acks=0 has no response to wait for: the handler sees it once it arrives.
        await().atMost(Duration.ofSeconds(10)).until(() -> sources.size() == exchanges.size());
        assertThat(mismatches).isEmpty();
        assertThat(sources).contains(RequestSource.broker(0), RequestSource.broker(2));
    }

    @Test
    void aFollowersLongPollFetchDoesNotHoldUpTheControllersRequestsToTheSameBroker() throws Exception {
        CompletableFuture<Response> parkedFetch = new CompletableFuture<>();
        List<Exchange> exchanges = exchanges("PLAINTEXT");
        Exchange fetch = exchanges.stream().filter(e -> e.request() instanceof FetchRequest).findFirst().orElseThrow();
        Exchange leaderAndIsr = exchanges.stream().filter(e -> e.request() instanceof LeaderAndIsrRequest)
                .findFirst().orElseThrow();
        RequestHandler handler = (source, request) -> {
            sources.add(source);
            // A fetch that finds nothing new waits at the leader; this one waits until the test lets it go.
            return request instanceof FetchRequest ? parkedFetch : CompletableFuture.completedFuture(
                    leaderAndIsr.response());
        };
        TransportProvider provider = new NettyTransportProvider();
        TransportProvider.Listening listening = provider.listen(config(1, "PLAINTEXT://127.0.0.1:0"), handler);
        toClose.add(listening);
        Transport broker = provider.client(config(2, "PLAINTEXT://127.0.0.1:0"));
        toClose.add(broker);
        broker.updateBrokers(List.of(new BrokerRegistration(1, null, listening.endpoints(), 0L)));

        CompletableFuture<Response> fetched = broker.send(1, fetch.request());
        await("the fetch reached the leader").atMost(Duration.ofSeconds(10)).until(() -> sources.size() == 1);
        // Responses on one connection come back in request order: behind the parked fetch this would wait.
        Response answered = broker.send(1, leaderAndIsr.request()).get(10, TimeUnit.SECONDS);
        assertThat(answered).isEqualTo(leaderAndIsr.response());
        assertThat(fetched).as("the fetch still waits at the leader").isNotDone();
        assertThat(sources).extracting(RequestSource::connectionId).as("two connections").doesNotHaveDuplicates();

        parkedFetch.complete(fetch.response());
        assertFetchEquals((FetchResponse) fetched.get(10, TimeUnit.SECONDS), (FetchResponse) fetch.response());
    }

    @Test
    void aBrokerWithNoAddressOrADeadAddressFailsRetriablyNamingIt() throws Exception {
        TransportProvider provider = new NettyTransportProvider();
        Transport client = provider.client(config(2, "PLAINTEXT://127.0.0.1:0"));
        toClose.add(client);
        assertThatThrownBy(() -> client.send(7, new MetadataRequest(List.of())).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NetworkException.class)
                .isInstanceOf(RetriableException.class).hasMessageContaining("broker 7");

        // A port that was bound and closed again: nothing listens there.
        TransportProvider.Listening gone = provider.listen(config(8, "PLAINTEXT://127.0.0.1:0"),
                (s, r) -> CompletableFuture.completedFuture(null));
        Endpoint dead = gone.endpoints().get(0);
        gone.close();
        client.updateBrokers(List.of(new BrokerRegistration(8, null, List.of(dead), 0L),
                new BrokerRegistration(9, null, List.of(new Endpoint("local", "nobody-listens-here", 0)), 0L)));
        assertThatThrownBy(() -> client.send(8, new MetadataRequest(List.of())).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RetriableException.class)
                .hasMessageContaining("broker 8").hasMessageContaining("127.0.0.1:" + dead.port());
        assertThatThrownBy(() -> client.send(9, new MetadataRequest(List.of())).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RetriableException.class)
                .hasMessageContaining("broker 9").hasMessageContaining("nobody-listens-here");
    }

    @Test
    void aRequestUnansweredWithinTheRequestTimeoutFailsWithATimeoutNamingTheBroker() {
        TransportProvider provider = new NettyTransportProvider(
                io.replog.netty.client.ClientConfig.DEFAULTS.withRequestTimeout(Duration.ofMillis(300)));
        CompletableFuture<Response> never = new CompletableFuture<>();
        TransportProvider.Listening listening = provider.listen(config(1, "local://timeout-" + NAMES.incrementAndGet()
                + ":0"), (s, r) -> never);
        toClose.add(listening);
        Transport client = provider.client(config(2, "PLAINTEXT://127.0.0.1:0"));
        toClose.add(client);
        client.updateBrokers(List.of(new BrokerRegistration(1, null, listening.endpoints(), 0L)));
        assertThat(client.send(1, new DeleteTopicsRequest(List.of("t"), 100))).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(io.replog.errors.TimeoutException.class).withMessageContaining("broker 1");
    }

    @Test
    void aClosedTransportFailsSendsRetriably() {
        Transport client = new NettyTransportProvider().client(config(2, "PLAINTEXT://127.0.0.1:0"));
        client.close();
        assertThat(client.send(1, new MetadataRequest(List.of()))).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(NetworkException.class)
                .withMessageContaining("broker 1");
    }

    @Test
    void aListenerThatCannotBindFailsNamingItAndClosesThoseBound() {
        TransportProvider provider = new NettyTransportProvider();
        TransportProvider.Listening first = provider.listen(config(1, "PLAINTEXT://127.0.0.1:0"),
                (s, r) -> CompletableFuture.completedFuture(null));
        toClose.add(first);
        int taken = first.endpoints().get(0).port();
        String local = "local://bind-test-" + NAMES.incrementAndGet() + ":0";
        assertThatThrownBy(() -> provider.listen(BrokerConfig.builder().brokerId(2).logDir(Path.of("/tmp/replog-unused"))
                        .listeners(local, "OTHER://127.0.0.1:" + taken).zookeeperConnect("zk:2181").build(),
                (s, r) -> CompletableFuture.completedFuture(null)))
                .isInstanceOf(ReplogException.class).hasMessageContaining("OTHER://127.0.0.1:" + taken);
        // The in-VM listener bound first was closed again: its name is free.
        TransportProvider.Listening again = provider.listen(config(3, local),
                (s, r) -> CompletableFuture.completedFuture(null));
        toClose.add(again);
        assertThat(again.endpoints()).hasSize(1);
    }

    @Test
    void aFailingHandlerIsAnsweredUnknownServerErrorAndInterBrokerApisAreNotAdvertised() throws Exception {
        TransportProvider provider = new NettyTransportProvider();
        TransportProvider.Listening listening = provider.listen(config(1, "PLAINTEXT://127.0.0.1:0"),
                (s, r) -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        toClose.add(listening);
        Transport client = provider.client(config(2, "PLAINTEXT://127.0.0.1:0"));
        toClose.add(client);
        client.updateBrokers(List.of(new BrokerRegistration(1, null, listening.endpoints(), 0L)));
        assertThat(client.send(1, new ControlledShutdownRequest(2, 5L)).get(10, TimeUnit.SECONDS))
                .isEqualTo(new ControlledShutdownResponse(Errors.UNKNOWN_SERVER_ERROR, Set.of()));
        assertThat(client.send(1, new UpdateMetadataRequest(0, 1, 2L, List.of(), List.of(), Set.of()))
                .get(10, TimeUnit.SECONDS)).isEqualTo(new UpdateMetadataResponse(Errors.UNKNOWN_SERVER_ERROR));
        assertThat(io.replog.netty.kafka.ServedApis.advertised())
                .extracting(io.replog.netty.protocol.message.ApiVersionsResponseMessage.ApiVersion::apiKey)
                .doesNotContain((short) 4, (short) 5, (short) 6, (short) 7);
    }

    @Test
    void serviceLoaderFindsTheProvider() {
        TransportProvider provider = Providers.transport(getClass().getClassLoader());
        assertThat(provider).isInstanceOf(NettyTransportProvider.class);
        assertThat(provider.name()).isEqualTo("netty");
        assertThat(Providers.transport(getClass().getClassLoader(), "netty")).isInstanceOf(NettyTransportProvider.class);
    }

    // ---- helpers ----

    private record Exchange(Request request, Response response) {
    }

    private static List<Exchange> exchanges(String listener) {
        ByteBuffer batch = ByteBuffer.wrap(batch("hello", "world"));
        List<Exchange> list = new ArrayList<>();
        ProduceResponse produced = new ProduceResponse(Map.of(TP, new ProduceResponse.PartitionResult(Errors.NONE, 41L,
                3L, null)));
        list.add(new Exchange(new ProduceRequest((short) 0, 1000, Map.of(TP, batch.duplicate())), null));
        list.add(new Exchange(new ProduceRequest((short) 1, 1000, Map.of(TP, batch.duplicate())), produced));
        list.add(new Exchange(new ProduceRequest((short) -1, 1000, Map.of(TP, batch.duplicate())), produced));
        list.add(new Exchange(new FetchRequest(2, 500, 1, 1 << 20, List.of(new FetchRequest.PartitionFetch(TP, 5, 40L, 4,
                1 << 16))), new FetchResponse(Errors.NONE, List.of(new FetchResponse.PartitionData(TP, Errors.NONE, 42L,
                3L, new MemoryRecords(batch.duplicate()))))));
        list.add(new Exchange(new ListOffsetsRequest(2, Map.of(TP, ListOffsetsRequest.LATEST)),
                new ListOffsetsResponse(Map.of(TP, new ListOffsetsResponse.PartitionOffset(Errors.NONE, 42L, 5)))));
        list.add(new Exchange(new OffsetForLeaderEpochRequest(2, Map.of(TP,
                new OffsetForLeaderEpochRequest.EpochQuery(5, 4))), new OffsetForLeaderEpochResponse(Map.of(TP,
                new OffsetForLeaderEpochResponse.EpochEnd(Errors.NONE, 4, 40L)))));
        list.add(new Exchange(new MetadataRequest(List.of("t")), new MetadataResponse(
                List.of(new BrokerRegistration(1, "r1", List.of(new Endpoint(listener, "h1", 9092)), 0L)), 1,
                List.of(new MetadataResponse.TopicMetadata("t", new TopicId(1L, 2L), Errors.NONE, List.of(
                        new MetadataResponse.PartitionMetadata(0, Errors.NONE, 1, 5, List.of(1, 2), List.of(1),
                                List.of(2))))))));
        list.add(new Exchange(new CreateTopicsRequest(List.of(new CreateTopicsRequest.NewTopicSpec("n", 3, (short) 2,
                Map.of(), Map.of("retention.ms", "1000"))), 5000, false), new CreateTopicsResponse(Map.of("n",
                new CreateTopicsResponse.TopicResult(Errors.NONE, null)))));
        list.add(new Exchange(new DeleteTopicsRequest(List.of("n"), 5000), new DeleteTopicsResponse(Map.of("n",
                new CreateTopicsResponse.TopicResult(Errors.NONE, null)))));
        list.add(new Exchange(new ElectLeadersRequest(Set.of(TP), 5000), new ElectLeadersResponse(Errors.NONE,
                Map.of(TP, Errors.NONE))));
        BrokerRegistration leader = new BrokerRegistration(1, "r1", List.of(new Endpoint("PLAINTEXT", "h1", 9092),
                new Endpoint("local", "b1", 0)), 123L, 77L, true);
        list.add(new Exchange(new LeaderAndIsrRequest(0, 3, 88L, List.of(new LeaderAndIsrRequest.PartitionState(TP,
                new TopicId(1L, 2L), new LeaderAndIsr(1, 5, List.of(1, 2), 3, 9), List.of(1, 2),
                Map.of("min.insync.replicas", "2"))), List.of(leader)),
                new LeaderAndIsrResponse(Errors.NONE, Map.of(TP, Errors.NONE))));
        list.add(new Exchange(new UpdateMetadataRequest(0, 3, 88L, List.of(leader), List.of(
                new UpdateMetadataRequest.PartitionInfo(TP, new TopicId(1L, 2L), 1, 5, List.of(1, 2), List.of(1),
                        List.of(2))), Set.of("gone")), new UpdateMetadataResponse(Errors.NONE)));
        list.add(new Exchange(new StopReplicaRequest(0, 3, 88L, true, List.of(TP, TP2)),
                new StopReplicaResponse(Errors.NONE, Map.of(TP, Errors.NONE, TP2, Errors.UNKNOWN_TOPIC_OR_PARTITION))));
        list.add(new Exchange(new ControlledShutdownRequest(2, 66L),
                new ControlledShutdownResponse(Errors.NONE, Set.of(TP2))));
        return list;
    }

    private static void assertFetchEquals(FetchResponse got, FetchResponse want) {
        assertThat(got.error()).isEqualTo(want.error());
        assertThat(got.partitions()).hasSameSizeAs(want.partitions());
        for (int i = 0; i < want.partitions().size(); i++) {
            FetchResponse.PartitionData g = got.partitions().get(i);
            FetchResponse.PartitionData w = want.partitions().get(i);
            assertThat(List.of(g.partition(), g.error(), g.highWatermark(), g.logStartOffset()))
                    .isEqualTo(List.of(w.partition(), w.error(), w.highWatermark(), w.logStartOffset()));
            assertThat(g.records().toByteBuffer()).isEqualTo(w.records().toByteBuffer());
        }
    }

    static BrokerConfig config(int id, String listener) {
        return BrokerConfig.builder().brokerId(id).logDir(Path.of("/tmp/replog-unused")).listeners(listener)
                .zookeeperConnect("zk:2181").build();
    }

    private static byte[] batch(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer b = org.apache.kafka.common.record.internal.MemoryRecords.withRecords(Compression.NONE, records)
                .buffer().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private List<String> replogThreads() {
        return replogThreadSet().stream().filter(t -> !before.contains(t)).map(Thread::getName).toList();
    }

    private static Set<Thread> replogThreadSet() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("replog-")).collect(java.util.stream.Collectors.toSet());
    }
}
