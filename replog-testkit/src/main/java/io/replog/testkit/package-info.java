/**
 * replog's test kit: {@link io.replog.testkit.ReplogCluster}, a real cluster (embedded or external
 * ZooKeeper, Netty, logs on disk) inside the test's JVM, with readiness waits and real faults;
 * its JUnit 5 extension is in {@link io.replog.testkit.junit}.
 */
package io.replog.testkit;
