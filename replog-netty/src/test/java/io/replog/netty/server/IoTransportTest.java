package io.replog.netty.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoTransportTest {
    private static final Listener TCP = Listener.parse("PLAINTEXT://127.0.0.1:0");
    private static final Listener LOCAL = Listener.parse("local://io-transport-test");

    @Test
    void tcpRunsOnNativeEpollWhenAvailable() {
        assertThat(IoTransport.usesEpoll()).isEqualTo(Epoll.isAvailable());
        withGroup(IoTransport.handlerFactory(TCP), group -> assertThat(IoTransport.serverChannel(TCP, group))
                .isEqualTo(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class));
    }

    @Test
    void tcpRunsOnAGivenNioGroup() {
        withGroup(NioIoHandler.newFactory(), group ->
                assertThat(IoTransport.serverChannel(TCP, group)).isEqualTo(NioServerSocketChannel.class));
    }

    @Test
    void inVmListenersNeedALocalGroupAndTcpCannotRunOnOne() {
        withGroup(IoTransport.handlerFactory(LOCAL), group -> {
            assertThat(IoTransport.serverChannel(LOCAL, group)).isEqualTo(LocalServerChannel.class);
            assertThatThrownBy(() -> IoTransport.serverChannel(TCP, group))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TCP needs a group of NioIoHandler or EpollIoHandler");
        });
        withGroup(LocalIoHandler.newFactory(), group ->
                assertThat(IoTransport.serverChannel(LOCAL, group)).isEqualTo(LocalServerChannel.class));
    }

    @Test
    void clientConnectionsUseTheSocketTypeOfTheirGroup() {
        withGroup(IoTransport.handlerFactory(TCP), group -> assertThat(EventLoops.clientChannel(TCP, group))
                .isEqualTo(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class));
        withGroup(NioIoHandler.newFactory(), group ->
                assertThat(EventLoops.clientChannel(TCP, group)).isEqualTo(NioSocketChannel.class));
        withGroup(LocalIoHandler.newFactory(), group -> {
            assertThat(EventLoops.clientChannel(LOCAL, group)).isEqualTo(LocalChannel.class);
            assertThatThrownBy(() -> EventLoops.clientChannel(TCP, group)).isInstanceOf(IllegalArgumentException.class);
        });
    }

    private static void withGroup(IoHandlerFactory factory, Consumer<EventLoopGroup> test) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-io", true), factory);
        try {
            test.accept(group);
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
    }
}
