package io.replog.testkit.junit;

import io.replog.testkit.ReplogCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the extension made for one scope, a test class or one test: its clusters (each with the
 * settings and the place it came from), its clients, the owner of the threads started within it,
 * and whether a test in it failed. Kept in the scope's {@code ExtensionContext.Store}; closed by
 * the extension's after-callback, or by the store if that never ran. Thread-safe.
 */
final class Scope implements AutoCloseable {
    /** A cluster the extension started, with its settings and where it was asked for. */
    record Managed(ReplogCluster cluster, ClusterSettings settings, String origin) {
    }

    final String contextId;
    final String name;
    final boolean isClass;
    final Scope enclosing;
    final ClusterSettings settings;
    final ThreadOwner owner;
    final AtomicBoolean failed = new AtomicBoolean();
    /** Threads a scope within this one has failed for already: not blamed on this scope again. */
    final Set<Thread> reportedLeaks = ConcurrentHashMap.newKeySet();
    /** For a test: the thread that ran beforeEach, and its context class loader before. */
    final Thread thread;
    final ClassLoader previousLoader;
    private final List<Managed> clusters = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private boolean closed;

    Scope(String contextId, String name, boolean isClass, Scope enclosing, ClusterSettings settings) {
        this.contextId = contextId;
        this.name = name;
        this.isClass = isClass;
        this.enclosing = enclosing;
        this.settings = settings;
        this.thread = Thread.currentThread();
        this.previousLoader = thread.getContextClassLoader();
        this.owner = new ThreadOwner(name, enclosing == null ? null : enclosing.owner, previousLoader);
    }

    synchronized void add(Managed cluster) {
        clusters.add(cluster);
    }

    synchronized void addClient(AutoCloseable client) {
        clients.add(client);
    }

    synchronized List<Managed> clusters() {
        return List.copyOf(clusters);
    }

    /** Whether this scope or one enclosing it has a cluster still open (whose threads may have started within it). */
    boolean enclosingHasOpenCluster() {
        for (Scope s = enclosing; s != null; s = s.enclosing) {
            synchronized (s) {
                if (!s.closed && !s.clusters.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Closes the clients, then the clusters, each in reverse order; returns what failed. Once only. */
    List<Exception> closeAll() {
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return List.of();
            }
            closed = true;
            clusters.forEach(m -> toClose.add(m.cluster()));
            toClose.addAll(clients);
        }
        List<Exception> failures = new ArrayList<>();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        return failures;
    }

    @Override
    public void close() {
        closeAll();
    }

    @Override
    public String toString() {
        return name;
    }
}
