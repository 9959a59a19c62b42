package io.replog.netty.client;

import io.netty.channel.EventLoopGroup;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.errors.NetworkException;
import io.replog.netty.server.EventLoops;
import io.replog.netty.server.NettyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.replog.netty.client.BrokerConnectionTest.failure;
import static io.replog.netty.client.ClientFixture.METADATA;
import static io.replog.netty.client.ClientFixture.WAIT;
import static io.replog.netty.client.ClientFixture.body;
import static io.replog.netty.client.ClientFixture.listener;
import static io.replog.netty.client.ClientFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ConnectionPoolTest {
    private final ClientFixture fixture = new ClientFixture();

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void connectsToBrokersWhereTheirRegistrationsSayAndFollowsThemWhenTheyMove() {
        ScriptedProcessor oldHome = new ScriptedProcessor();
        ScriptedProcessor newHome = new ScriptedProcessor();
        NettyServer tcp = fixture.server(listener("tcp"), oldHome);
        NettyServer inVm = fixture.server(listener("local"), newHome);
        ConnectionPool pool = fixture.pool(ClientConfig.DEFAULTS);
        int port = ((InetSocketAddress) tcp.localAddress()).getPort();

        pool.updateBrokers(List.of(registration(1, new Endpoint("PLAINTEXT", "127.0.0.1", port))));
        assertThat(text(pool.send(1, METADATA, (short) 12, body("to tcp"), true))).isEqualTo("echo to tcp");
        assertThat(failure(pool.send(2, METADATA, (short) 12, body("unknown"), true)))
                .isInstanceOf(NetworkException.class).hasMessageContaining("broker 2");

        BrokerConnection before = pool.broker(1).orElseThrow();
        pool.updateBrokers(List.of(registration(1, new Endpoint("PLAINTEXT", "127.0.0.1", port))));
        assertThat(pool.broker(1)).as("an unchanged address keeps its connection").containsSame(before);

        String name = inVm.listener().substring("local://".length());
        pool.updateBrokers(List.of(registration(1, new Endpoint("local", name, 0))));
        assertThat(text(pool.send(1, METADATA, (short) 12, body("to local"), true))).isEqualTo("echo to local");
        assertThat(newHome.received.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> tcp.connectionCount() == 0);

        pool.updateBrokers(List.of());
        assertThat(pool.broker(1)).isEmpty();
        await().atMost(WAIT).until(() -> inVm.connectionCount() == 0);
    }

    @Test
    void picksTheEndpointOfItsListenerName() {
        ScriptedProcessor processor = new ScriptedProcessor();
        NettyServer server = fixture.server(listener("tcp"), processor);
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        ConnectionPool pool = ConnectionPool.builder().listenerName("CLIENT").jitter(() -> 0.5).build();
        try (pool) {
            pool.updateBrokers(List.of(registration(7, new Endpoint("REPLICATION", "127.0.0.1", ClientFixture.deadPort()),
                    new Endpoint("CLIENT", "127.0.0.1", port))));
            assertThat(pool.broker(7).orElseThrow().address().toString()).isEqualTo("127.0.0.1:" + port);
            assertThat(text(pool.send(7, METADATA, (short) 12, body("hi"), true))).isEqualTo("echo hi");
        }
    }

    @Test
    void leavesAGroupItWasGivenRunningAndStopsEverythingItMade() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        EventLoopGroup shared = EventLoops.tcp(1);
        try {
            NettyServer server = fixture.server(listener("tcp"), processor);
            // Threads of other tests' pools may still be stopping: only this pool's must be gone.
            List<String> before = ClientFixture.replogThreads();
            ConnectionPool pool = ConnectionPool.builder().eventLoopGroup(shared).build();
            assertThat(text(pool.bootstrap(server.listener()).send(METADATA, (short) 12, body("x"), true))).isEqualTo("echo x");
            pool.close();
            pool.close();
            assertThat(shared.isShuttingDown()).isFalse();
            assertThat(ClientFixture.replogThreads()).as("the pool's own lookup thread is stopped")
                    .filteredOn(t -> t.startsWith("replog-netty-lookup")).isSubsetOf(before);
            assertThatThrownBy(() -> pool.bootstrap(server.listener())).isInstanceOf(IllegalStateException.class);
        } finally {
            shared.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
    }

    private static BrokerRegistration registration(int id, Endpoint... endpoints) {
        return new BrokerRegistration(id, null, List.of(endpoints), 0L);
    }
}
