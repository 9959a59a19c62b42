/**
 * The JUnit 5 extension of the test kit: {@link io.replog.testkit.junit.ReplogTest} on a test
 * class starts {@link io.replog.testkit.ReplogCluster}s for its fields and parameters, makes
 * clients for its test methods, keeps a failed test's directories and fails a test that leaves
 * replog threads running. See {@link io.replog.testkit.junit.ReplogExtension}.
 */
package io.replog.testkit.junit;
