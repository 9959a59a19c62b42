/**
 * One fault vocabulary for the deterministic simulation and the real stack: {@link
 * io.replog.fault.ClusterFaults}, the faults a test injects and what each means, implemented by
 * the simulation's {@code SimCluster} and the test kit's {@code ReplogCluster}; and
 * {@link io.replog.fault.Fault}, each fault as a value that can be applied to either, printed and
 * read back. Public API for tests; depends on nothing else in replog. (Not to be confused with
 * {@code io.replog.internal.fault}, the engine's planted bugs.)
 */
package io.replog.fault;
