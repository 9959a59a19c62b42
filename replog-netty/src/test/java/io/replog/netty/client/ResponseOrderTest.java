package io.replog.netty.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replog.errors.NetworkException;
import io.replog.netty.wire.ApiVersionsTable;
import io.replog.netty.wire.FrameDecoder;
import io.replog.netty.wire.FrameEncoder;
import io.replog.netty.wire.RequestHeaderCodec;
import io.replog.netty.wire.ResponseHeaderCodec;
import io.replog.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static io.replog.netty.client.BrokerConnectionTest.failure;
import static io.replog.netty.client.ClientFixture.METADATA;
import static io.replog.netty.client.ClientFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against a server that breaks the ordering rule, which {@code NettyServer} never does: a raw
 * Netty in-VM server answering as each test tells it.
 */
class ResponseOrderTest {
    private final ClientFixture fixture = new ClientFixture();
    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("test-server", true), LocalIoHandler.newFactory());
    private Channel server;

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        serverGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    @Test
    void aResponseOutOfOrderClosesTheConnectionAndFailsEverythingInFlight() {
        // Holds two requests, then answers the second first.
        String address = serve("out-of-order", (ctx, correlationIds) -> {
            if (correlationIds.size() == 2) {
                respond(ctx, correlationIds.get(1));
                respond(ctx, correlationIds.get(0));
                ctx.flush();
            }
        });
        BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS).bootstrap(address);

        try (LogCapture log = new LogCapture(BrokerConnection.class)) {
            CompletableFuture<ByteBuf> first = connection.send(METADATA, (short) 12, body("one"), true);
            CompletableFuture<ByteBuf> second = connection.send(METADATA, (short) 12, body("two"), true);

            assertThat(failure(first)).isInstanceOf(NetworkException.class)
                    .hasMessageContaining(address).hasMessageContaining("correlation id 1 while the oldest");
            assertThat(failure(second)).isInstanceOf(NetworkException.class).hasMessageContaining(address);
            assertThat(log.warnings()).singleElement().satisfies(line -> assertThat(line)
                    .contains("Closing connection to " + address)
                    .contains("response with correlation id 1")
                    .contains("correlation id 0"));
        }
    }

    @Test
    void aResponseNobodyAskedForClosesTheConnection() {
        String address = serve("unasked", (ctx, correlationIds) -> {
            respond(ctx, correlationIds.get(0));
            respond(ctx, 42);
            ctx.flush();
        });
        BrokerConnection connection = fixture.pool(ClientConfig.DEFAULTS).bootstrap(address);

        try (LogCapture log = new LogCapture(BrokerConnection.class)) {
            ByteBuf response = connection.send(METADATA, (short) 12, body("one"), true).join();
            response.release();
            await().atMost(ClientFixture.WAIT).until(() -> !log.warnings().isEmpty());
            assertThat(log.warnings()).singleElement().satisfies(line -> assertThat(line)
                    .contains("no request awaits one"));
        }
    }

    private String serve(String name, BiConsumer<ChannelHandlerContext, List<Integer>> onRequest) {
        server = new ServerBootstrap().group(serverGroup).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        List<Integer> correlationIds = new ArrayList<>();
                        ch.pipeline().addLast(new FrameDecoder(4, 1 << 20), new FrameEncoder(),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        correlationIds.add(RequestHeaderCodec.read(frame, ApiVersionsTable.KAFKA).correlationId());
                                        onRequest.accept(ctx, correlationIds);
                                    }
                                });
                    }
                })
                .bind(new LocalAddress("client-test-" + name)).syncUninterruptibly().channel();
        return "local://client-test-" + name;
    }

    private static void respond(ChannelHandlerContext ctx, int correlationId) {
        ByteBuf response = ctx.alloc().buffer();
        ResponseHeaderCodec.write(correlationId, (short) 1, response);
        ctx.write(response);
    }
}
