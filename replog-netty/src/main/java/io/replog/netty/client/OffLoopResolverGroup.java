package io.replog.netty.client;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.SocketUtils;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Host name lookups for connections, run on one lookup thread rather than on the event loop that
 * connects: the JDK's resolver blocks, for as long as DNS takes, and a blocked event loop stalls
 * every connection on it. Netty's default resolver would look up on the event loop itself. The
 * lookup thread belongs to whoever made this group, who shuts it down.
 */
final class OffLoopResolverGroup extends AddressResolverGroup<InetSocketAddress> {
    private final EventExecutor lookups;

    OffLoopResolverGroup(EventExecutor lookups) {
        this.lookups = lookups;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor connecting) {
        return new LookupResolver(lookups).asAddressResolver();
    }

    private static final class LookupResolver extends InetNameResolver {
        LookupResolver(EventExecutor lookups) {
            super(lookups);
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) {
            executor().execute(() -> {
                try {
                    promise.trySuccess(SocketUtils.addressByName(host));
                } catch (UnknownHostException e) {
                    promise.tryFailure(e);
                }
            });
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
            executor().execute(() -> {
                try {
                    promise.trySuccess(Arrays.asList(SocketUtils.allAddressesByName(host)));
                } catch (UnknownHostException e) {
                    promise.tryFailure(e);
                }
            });
        }
    }
}
