package io.replog.sim;

import io.replog.errors.NotLeaderException;
import io.replog.errors.RetriableException;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.Response;
import io.replog.record.MemoryRecords;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimNetworkTest {
    private static final long TIMEOUT = 3_000;
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    private final Simulation sim = new Simulation(SimConfig.defaults().withSeed(5).withNetworkDelay(5, 20));
    private final SimNetwork net = sim.network();
    /** Who asked each broker for metadata, and when, as "t=..ms node=.. from ..". */
    private final List<String> served = new ArrayList<>();

    /** Answers metadata requests at once with its own id as controller id. */
    private RequestHandler metadataServer(int brokerId) {
        SimScheduler node = sim.scheduler(brokerId);
        return (source, request) -> {
            served.add("t=" + sim.nowMs() + " node=" + node.name() + " from " + source.clientId());
            return CompletableFuture.completedFuture(new MetadataResponse(List.of(), brokerId, List.of()));
        };
    }

    private static int controllerIdOf(Response response) {
        return ((MetadataResponse) response).controllerId();
    }

    @Test
    void requestAndResponseEachTakeADelayFromTheConfiguredRange() {
        net.register(2, metadataServer(2));
        Transport from1 = net.transportFor(1);
        CompletableFuture<Response> reply = from1.send(2, MetadataRequest.allTopics());
        assertThat(reply).isNotDone(); // nothing happens outside events
        Response response = sim.await(reply, TIMEOUT);

        assertThat(controllerIdOf(response)).isEqualTo(2);
        assertThat(sim.nowMs()).isBetween(10L, 40L);
        assertThat(served).singleElement().asString().contains("node=2 from broker-1");
        List<String> trace = sim.trace().lines();
        assertThat(trace).anyMatch(l -> l.matches("t=\\d+ms node=2 deliver #1 METADATA 1->2"));
        assertThat(trace).anyMatch(l -> l.matches("t=\\d+ms node=1 deliver response #1 METADATA 1->2"));
        assertThat(net.stats().requestsDelivered()).isEqualTo(1);
        assertThat(net.stats().responsesDelivered()).isEqualTo(1);
    }

    @Test
    void clientsSendWithAClientSource() {
        List<RequestSource> sources = new ArrayList<>();
        net.register(0, (source, request) -> {
            sources.add(source);
            return CompletableFuture.completedFuture(new MetadataResponse(List.of(), 0, List.of()));
        });
        sim.await(net.transportForClient("admin").send(0, MetadataRequest.allTopics()), TIMEOUT);
        assertThat(sources).containsExactly(RequestSource.client("admin", "admin->0"));
    }

    @Test
    void messagesOnOneLinkArriveInTheOrderSent() {
        List<Integer> arrived = new ArrayList<>();
        net.register(2, (source, request) -> {
            arrived.add(((FetchRequest) request).maxWaitMs());
            return CompletableFuture.completedFuture(new FetchResponse(Errors.NONE, List.of()));
        });
        Transport from1 = net.transportFor(1);
        for (int i = 0; i < 50; i++) {
            from1.send(2, new FetchRequest(1, i, 1, 1024, List.of()));
        }
        sim.runFor(1_000);
        assertThat(arrived).hasSize(50).isSorted();
    }

    @Test
    void recordBytesAreCopiedAtSendTimeLikeBytesOnAWire() {
        ByteBuffer leaderLog = ByteBuffer.wrap("committed?".getBytes(StandardCharsets.UTF_8));
        List<ByteBuffer> producedBytes = new ArrayList<>();
        net.register(2, (source, request) -> {
            if (request instanceof ProduceRequest produce) {
                producedBytes.add(produce.records().get(TP));
                return CompletableFuture.completedFuture(new ProduceResponse(Map.of(TP,
                        new ProduceResponse.PartitionResult(Errors.NONE, 0, 0, null))));
            }
            FetchResponse response = new FetchResponse(Errors.NONE, List.of(
                    new FetchResponse.PartitionData(TP, Errors.NONE, 0, 0, MemoryRecords.of(leaderLog))));
            // The leader truncates its log after answering, before the bytes arrive.
            sim.scheduler(2).execute(() -> leaderLog.put(0, (byte) 'X'));
            return CompletableFuture.completedFuture(response);
        });
        Transport from1 = net.transportFor(1);

        ByteBuffer batch = ByteBuffer.wrap("batch".getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Response> produced = from1.send(2, new ProduceRequest(ProduceRequest.ACKS_LEADER, 1000,
                Map.of(TP, batch)));
        batch.put(0, (byte) 'Z'); // the producer reuses its buffer at once
        sim.await(produced, TIMEOUT);
        assertThat(StandardCharsets.UTF_8.decode(producedBytes.get(0).duplicate()).toString()).isEqualTo("batch");

        FetchResponse fetched = (FetchResponse) sim.await(from1.send(2,
                new FetchRequest(1, 0, 1, 1024, List.of())), TIMEOUT);
        ByteBuffer received = fetched.partitions().get(0).records().toByteBuffer();
        assertThat(StandardCharsets.UTF_8.decode(received).toString()).isEqualTo("committed?");
        assertThat(leaderLog.get(0)).isEqualTo((byte) 'X');
    }

    @Test
    void isolatedBrokerIsUnreachableBothWaysUntilHealedAndFailuresComeAfterTheTimeout() {
        net.register(1, metadataServer(1));
        net.register(2, metadataServer(2));
        net.isolate(2);

        long start = sim.nowMs();
        CompletableFuture<Response> toIsolated = net.transportFor(1).send(2, MetadataRequest.allTopics());
        CompletableFuture<Response> fromIsolated = net.transportFor(2).send(1, MetadataRequest.allTopics());
        CompletableFuture<Response> fromClient = net.transportForClient("producer").send(2, MetadataRequest.allTopics());
        assertThatThrownBy(() -> sim.await(toIsolated, TIMEOUT + 100))
                .isInstanceOf(RetriableException.class)
                .hasMessageStartingWith("network: broker 2 unreachable from 1")
                .hasMessageContaining("not answered within 3000 ms");
        assertThat(sim.nowMs() - start).isEqualTo(TIMEOUT);
        assertThatThrownBy(() -> sim.await(fromIsolated, 100)).hasMessageStartingWith("network: broker 1 unreachable from 2");
        assertThatThrownBy(() -> sim.await(fromClient, 100)).hasMessageStartingWith("network: broker 2 unreachable from producer");
        assertThat(served).isEmpty();
        assertThat(net.stats().cut()).isEqualTo(3);
        assertThat(net.stats().timeouts()).isEqualTo(3);

        net.heal(2);
        assertThat(controllerIdOf(sim.await(net.transportFor(1).send(2, MetadataRequest.allTopics()), TIMEOUT))).isEqualTo(2);
    }

    @Test
    void aMessageInFlightWhenTheCutBeginsIsLost() {
        net.register(2, metadataServer(2));
        CompletableFuture<Response> reply = net.transportFor(1).send(2, MetadataRequest.allTopics());
        net.isolate(2);
        assertThatThrownBy(() -> sim.await(reply, TIMEOUT + 100)).isInstanceOf(RetriableException.class);
        assertThat(served).isEmpty();
        assertThat(sim.trace().lines()).anyMatch(l -> l.contains("drop #1 METADATA 1->2 on arrival (link cut)"));
    }

    @Test
    void partitionCutsOnlyTheOneLink() {
        net.register(2, metadataServer(2));
        net.register(3, metadataServer(3));
        net.partition(1, 2);
        CompletableFuture<Response> cut = net.transportFor(1).send(2, MetadataRequest.allTopics());
        CompletableFuture<Response> back = net.transportFor(2).send(1, MetadataRequest.allTopics());
        CompletableFuture<Response> other = net.transportFor(1).send(3, MetadataRequest.allTopics());
        CompletableFuture<Response> sideways = net.transportFor(3).send(2, MetadataRequest.allTopics());
        sim.runFor(TIMEOUT + 1);
        assertThat(cut).isCompletedExceptionally();
        assertThat(back).isCompletedExceptionally();
        assertThat(other).isCompleted().isNotCompletedExceptionally();
        assertThat(sideways).isCompleted().isNotCompletedExceptionally();

        net.healLink(2, 1);
        assertThat(sim.await(net.transportFor(1).send(2, MetadataRequest.allTopics()), TIMEOUT)).isNotNull();
    }

    @Test
    void slowLinksAddTheirDelayEachWay() {
        net.register(2, metadataServer(2));
        net.slow(2, 500);
        long start = sim.nowMs();
        sim.await(net.transportFor(1).send(2, MetadataRequest.allTopics()), TIMEOUT);
        assertThat(sim.nowMs() - start).isBetween(1_010L, 1_040L);

        net.slow(2, 2_000); // slower than the request timeout: the follower falls behind
        assertThatThrownBy(() -> sim.await(net.transportFor(1).send(2, MetadataRequest.allTopics()), TIMEOUT + 100))
                .isInstanceOf(RetriableException.class);
        net.heal(2);
        start = sim.nowMs();
        sim.await(net.transportFor(1).send(2, MetadataRequest.allTopics()), TIMEOUT);
        assertThat(sim.nowMs() - start).isLessThanOrEqualTo(40L);
    }

    @Test
    void aTimeoutClosesTheConnectionAndFailsTheOtherRequestsWaitingOnIt() {
        SimScheduler broker2 = sim.scheduler(2);
        net.register(2, (source, request) -> { // a long-poll fetch: answers after maxWaitMs
            CompletableFuture<Response> answer = new CompletableFuture<>();
            broker2.schedule(((FetchRequest) request).maxWaitMs(),
                    () -> answer.complete(new FetchResponse(Errors.NONE, List.of())));
            return answer;
        });
        Transport from1 = net.transportFor(1);
        CompletableFuture<Response> tooSlow = from1.send(2, new FetchRequest(1, 5_000, 1, 1024, List.of()));
        sim.runFor(1_000);
        CompletableFuture<Response> sameConnection = from1.send(2, new FetchRequest(1, 2_500, 1, 1024, List.of()));

        assertThatThrownBy(() -> sim.await(tooSlow, TIMEOUT)).hasMessageContaining("#1 FETCH 1->2 not answered within 3000 ms");
        assertThat(sim.nowMs()).isEqualTo(TIMEOUT);
        assertThat(sameConnection).isCompletedExceptionally();
        assertThatThrownBy(sameConnection::join).hasMessageContaining("connection closed after #1 FETCH 1->2 timed out");

        // the next send opens a new connection, not queued behind the old one's traffic
        long start = sim.nowMs();
        sim.await(from1.send(2, new FetchRequest(1, 0, 1, 1024, List.of())), TIMEOUT);
        assertThat(sim.nowMs() - start).isLessThanOrEqualTo(40L);
        sim.runFor(10_000);
        assertThat(sim.trace().lines()).anyMatch(l -> l.contains("drop response #2 FETCH 1->2 on arrival (connection closed)"));
    }

    @Test
    void lostMessagesFailAfterTheTimeoutAndAreCounted() {
        net.register(2, metadataServer(2));
        net.setLossProbability(1.0);
        assertThatThrownBy(() -> sim.await(net.transportFor(1).send(2, MetadataRequest.allTopics()), TIMEOUT + 100))
                .isInstanceOf(RetriableException.class).hasMessageContaining("broker 2 unreachable");
        assertThat(net.stats().lost()).isEqualTo(1);

        net.setLossProbability(0.5);
        List<CompletableFuture<Response>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(net.transportFor(1).send(2, MetadataRequest.allTopics()));
        }
        sim.runFor(TIMEOUT + 100);
        long failed = replies.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        assertThat(replies).allMatch(CompletableFuture::isDone);
        // each round trip survives with probability 1/4
        assertThat(failed).isBetween(120L, 180L);
        assertThat(net.stats().lost()).isEqualTo(1 + failed);
    }

    @Test
    void crashedOrUnregisteredOrUnknownDestinationsTimeOut() {
        net.register(2, metadataServer(2));
        net.register(3, metadataServer(3));
        sim.crash(2);
        net.unregister(3);
        Transport from1 = net.transportFor(1);
        List<CompletableFuture<Response>> replies = List.of(from1.send(2, MetadataRequest.allTopics()),
                from1.send(3, MetadataRequest.allTopics()), from1.send(7, MetadataRequest.allTopics()));
        sim.runFor(TIMEOUT - 1);
        assertThat(replies).noneMatch(CompletableFuture::isDone);
        sim.runFor(1);
        assertThat(replies).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(served).isEmpty();
        assertThat(net.stats().unreachable()).isEqualTo(3);

        // a restarted broker serves again once its new incarnation registers a handler
        sim.restart(2);
        CompletableFuture<Response> beforeRegistering = from1.send(2, MetadataRequest.allTopics());
        sim.runFor(100);
        net.register(2, metadataServer(2));
        assertThat(sim.await(from1.send(2, MetadataRequest.allTopics()), TIMEOUT)).isNotNull();
        sim.runFor(TIMEOUT);
        assertThat(beforeRegistering).isCompletedExceptionally();
    }

    @Test
    void aDestinationThatCrashesBeforeAnsweringSendsNothing() {
        CompletableFuture<Response> pendingAnswer = new CompletableFuture<>();
        net.register(2, (source, request) -> pendingAnswer);
        CompletableFuture<Response> reply = net.transportFor(1).send(2, MetadataRequest.allTopics());
        sim.runFor(100);
        sim.crash(2);
        pendingAnswer.complete(new MetadataResponse(List.of(), 2, List.of()));
        assertThatThrownBy(() -> sim.await(reply, TIMEOUT)).isInstanceOf(RetriableException.class);
        assertThat(net.stats().responsesSent()).isZero();
    }

    @Test
    void responsesToASourceThatCrashedAreDropped() {
        net.register(2, metadataServer(2));
        CompletableFuture<Response> reply = net.transportFor(1).send(2, MetadataRequest.allTopics());
        sim.runUntil(() -> !served.isEmpty(), TIMEOUT);
        sim.crash(1);
        sim.restart(1);
        sim.runFor(2 * TIMEOUT);
        assertThat(reply).isNotDone(); // neither answered nor timed out: its incarnation is gone
        assertThat(net.stats().responsesSent()).isEqualTo(1);
        assertThat(net.stats().responsesDelivered()).isZero();
    }

    @Test
    void acksZeroProduceCompletesWithoutAResponse() {
        List<String> handled = new ArrayList<>();
        net.register(2, (source, request) -> {
            handled.add("produce");
            return null;
        });
        CompletableFuture<Response> sent = net.transportFor(1).send(2, new ProduceRequest(ProduceRequest.ACKS_NONE, 0,
                Map.of(TP, ByteBuffer.allocate(4))));
        assertThat(sim.await(sent, 1)).isNull();
        sim.runFor(100);
        assertThat(handled).containsExactly("produce");
    }

    @Test
    void aHandlerFailureReachesTheSenderAfterTheReturnTrip() {
        net.register(2, (source, request) -> CompletableFuture.failedFuture(new NotLeaderException("not leader of orders-0")));
        assertThatThrownBy(() -> sim.await(net.transportFor(1).send(2, MetadataRequest.allTopics()), TIMEOUT))
                .isInstanceOf(NotLeaderException.class).hasMessage("not leader of orders-0");
    }

    @Test
    void closingATransportFailsItsPendingSendsAndRefusesNewOnes() {
        net.register(2, (source, request) -> new CompletableFuture<>());
        Transport from1 = net.transportFor(1);
        CompletableFuture<Response> pending = from1.send(2, MetadataRequest.allTopics());
        from1.close();
        assertThatThrownBy(() -> sim.await(pending, 10)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("was closed");
        assertThatThrownBy(() -> sim.await(from1.send(2, MetadataRequest.allTopics()), 10))
                .isInstanceOf(RetriableException.class).hasMessageContaining("is closed");
    }

    @Test
    void isolationDoesNotTouchTheCoordinatorSession() {
        InMemoryCoordinator zk2 = sim.coordinatorFor(2);
        net.isolate(2);
        sim.runFor(60_000);
        assertThat(zk2.isSessionLive()).isTrue();
        assertThat(sim.await(zk2.liveBrokers(), 100)).isEmpty();
    }
}
