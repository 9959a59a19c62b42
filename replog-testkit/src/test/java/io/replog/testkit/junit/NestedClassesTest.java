package io.replog.testkit.junit;

import io.replog.testkit.ReplogCluster;
import io.replog.testkit.Transport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Nested} classes: the outer class's {@code @ReplogTest} shapes their clusters, and the
 * outer class's static cluster is the one a nested test's parameter gets (with its topics reset
 * before each nested test too).
 */
@ReplogTest(brokers = 1, transport = Transport.IN_VM, resetTopicsBeforeEach = true)
@Execution(ExecutionMode.SAME_THREAD) // a reset before one test must not delete the topics of a test running alongside
class NestedClassesTest {
    static ReplogCluster shared;

    @Test
    void theOuterTestSeesTheSharedCluster(ReplogCluster given) {
        assertThat(given).isSameAs(shared);
        shared.createTopic("outer", 1, 1);
    }

    @Nested
    class Inner {
        ReplogCluster own;

        @Test
        void anInstanceFieldOfANestedClassGetsItsOwnClusterShapedByTheOuterAnnotation() throws Exception {
            assertThat(own).isNotNull().isNotSameAs(shared);
            assertThat(own.transport()).isEqualTo(Transport.IN_VM);
            assertThat(own.brokerIds()).containsExactly(0);
            assertThat(shared.admin().listTopics().get(30, TimeUnit.SECONDS)).as("the shared cluster, reset")
                    .isEmpty();
        }
    }
}
