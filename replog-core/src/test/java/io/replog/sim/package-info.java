/**
 * Deterministic simulation of a replog cluster, for tests: one thread, one seeded random
 * source, one {@link io.replog.time.ManualClock}, one event queue.
 *
 * <h2>Wiring a broker into the simulation</h2>
 * <pre>{@code
 * Simulation sim = new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(42)));
 * SimScheduler loop      = sim.scheduler(brokerId);              // io.replog.time.Scheduler
 * InMemoryCoordinator zk = sim.coordinatorFor(brokerId);         // io.replog.coordinator.Coordinator
 * Transport transport    = sim.network().transportFor(brokerId); // io.replog.transport.Transport
 * sim.network().register(brokerId, requestHandler);              // io.replog.transport.RequestHandler
 * Transport client       = sim.network().transportForClient("producer");
 * }</pre>
 *
 * <h2>Faults</h2>
 * <ul>
 *   <li>crash / restart: {@code sim.crash(id)}, {@code sim.restart(id)} (then build a new broker
 *       object with a new coordinator view and register its handler again);</li>
 *   <li>network: {@code sim.network().isolate(id)}, {@code heal(id)}, {@code partition(a, b)},
 *       {@code healLink(a, b)}, {@code slow(id, extraMs)}, {@code setLossProbability(p)}, {@code healAll()};</li>
 *   <li>coordinator: {@code sim.zooKeeper().expireSession(id)}; a crashed broker's session
 *       expires {@code sessionTimeoutMs} after the crash.</li>
 * </ul>
 *
 * <h2>Running and debugging</h2>
 * {@code sim.runFor(ms)}, {@code sim.runUntil(condition, maxMs)}, {@code sim.step()},
 * {@code sim.await(future, maxMs)}; scripted actions with {@code sim.at(t, what, action)} and
 * {@code sim.after(delay, what, action)}. {@code sim.trace()} keeps the latest events;
 * {@link io.replog.sim.SimFailureReporter} prints them and the replay command
 * ({@link io.replog.sim.SimReplay}) when a test fails.
 *
 * <p>Tests wait with {@code sim.awaitOrFail("leader of orders-0 moves to 2", condition, maxMs,
 * cluster.seen(tp))}, which fails naming what it waited for, the simulated time and what it
 * last saw (a bare {@code assertThat(sim.runUntil(...)).isTrue()} says only "expected true").
 * They assert on typed events ({@link io.replog.sim.ClusterEvents}: truncations, offline
 * partitions, unclean elections) rather than on log text; what a log line promises an
 * operator is checked with {@code io.replog.testsupport.LogCapture} in unit tests.
 *
 * <p>Simulated code must stay on the simulation's thread: no real threads, executors, sleeps
 * or system time.
 */
package io.replog.sim;
