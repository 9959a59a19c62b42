/**
 * replog's test kit: {@link io.replog.testkit.ReplogCluster}, a real cluster (embedded or external
 * ZooKeeper, Netty, logs on disk) inside the test's JVM, with readiness waits and real faults.
 */
package io.replog.testkit;
