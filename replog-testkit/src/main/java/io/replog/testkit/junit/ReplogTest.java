package io.replog.testkit.junit;

import io.replog.testkit.ReplogCluster;
import io.replog.testkit.Transport;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class with {@link ReplogExtension}, and describes the {@link ReplogCluster}s it
 * starts. On a class it shapes every cluster of the class (and of its {@code @Nested} classes);
 * on a {@code ReplogCluster} field it shapes that field's cluster only.
 *
 * <pre>{@code
 * @ReplogTest(brokers = 3, config = "min.insync.replicas=2")
 * class OrdersTest {
 *     static ReplogCluster cluster;   // one cluster for the class
 *
 *     @Test
 *     void sends(Producer<String, String> producer, Consumer<String, String> consumer) { ... }
 * }
 * }</pre>
 *
 * <p>Every attribute is checked before any cluster of the class starts: a bad one fails the class
 * with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming where it
 * was written, the key, the value and what is allowed.
 */
@Target({ElementType.TYPE, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ReplogExtension.class)
public @interface ReplogTest {
    /** How many brokers (ids 0 to n-1); 0, the default, means one per rack given, or 3 without racks. */
    int brokers() default 0;

    /** The brokers' racks, broker i on rack {@code racks[i]}; none by default. */
    String[] racks() default {};

    /**
     * Broker config overrides as {@code "key=value"} (Kafka's names, e.g. {@code
     * "min.insync.replicas=2"}), set on every broker.
     */
    String[] config() default {};

    /** How brokers and clients reach each other; TCP by default. */
    Transport transport() default Transport.TCP;

    /**
     * Whether the class's shared clusters (static fields, or one given to a {@code @BeforeAll}
     * method) get {@link ReplogCluster#resetTopics()} before each test, so that each test starts
     * on a cluster with no topic. A cluster of one test is new anyway. Under JUnit's parallel
     * execution, keep the tests sharing such a cluster from running at the same time (for example
     * {@code @Execution(ExecutionMode.SAME_THREAD)} on the class): a reset deletes the topics of
     * every test using the cluster.
     */
    boolean resetTopicsBeforeEach() default false;
}
