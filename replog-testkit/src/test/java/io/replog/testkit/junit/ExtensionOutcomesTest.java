package io.replog.testkit.junit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.replog.client.Consumer;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.testkit.ReplogCluster;
import io.replog.testkit.Transport;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What the extension does when a test goes wrong, and under parallel execution, seen from outside
 * through JUnit's {@link EngineTestKit} running the {@code ...Case} classes below (which surefire
 * does not run on their own: nested classes are excluded, and their names match no include).
 */
@Execution(ExecutionMode.SAME_THREAD) // its tests share the leaked thread's name; other classes may run alongside
class ExtensionOutcomesTest {
    private static final String LEAKY_THREAD = "replog-leaky-worker";

    @Test
    void aTestThatLeavesAReplogThreadRunningFailsNamingIt() throws Exception {
        try {
            EngineExecutionResults results = run(Map.of(ReplogExtension.THREAD_LEAK_WAIT_MS, "1000"),
                    LeakingCase.class);
            results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
            results.containerEvents().assertStatistics(s -> s.failed(0)); // the class does not blame it again
            Throwable thrown = failure(results, "leavesAThreadRunning");
            assertThat(thrown).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("LeakingCase.leavesAThreadRunning")
                    .hasMessageContaining("left replog threads running [" + LEAKY_THREAD + "] after its clusters and "
                            + "clients were closed (waited 1000 ms for them to end)");
            assertThat(reportedDirectories(results)).as("the leaking test had no cluster; the other test passed")
                    .isEmpty();
        } finally {
            stopLeakedThread();
        }
    }

    private static void stopLeakedThread() {
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(LEAKY_THREAD))
                .forEach(Thread::interrupt);
        await("the leaked thread ends once interrupted").atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals(LEAKY_THREAD) && t.isAlive()));
    }

    @Test
    void aFailedTestsDirectoryIsKeptAndItsPathLoggedAndReportedAPassedTestsIsDeleted() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory
                .getLogger(ReplogExtension.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        List<Path> kept = List.of();
        try {
            EngineExecutionResults results = run(Map.of(), FailingCase.class);
            results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
            assertThat(failure(results, "failsAfterWriting")).hasMessage("deliberately failing");

            kept = reportedDirectories(results);
            assertThat(kept).as("the failed test's directory, reported as " + ReplogExtension.DIRECTORY_REPORT_KEY)
                    .singleElement().satisfies(dir -> {
                        assertThat(dir.resolve("broker-0").resolve("evidence-0")).as("its broker's partition log")
                                .isDirectory();
                        assertThat(logged.list).anySatisfy(e -> {
                            assertThat(e.getLevel()).isEqualTo(Level.WARN);
                            assertThat(e.getFormattedMessage()).contains("failsAfterWriting").contains(dir.toString());
                        });
                    });
            List<String> passed = reported(results, "passing.directory");
            assertThat(passed).singleElement().satisfies(dir ->
                    assertThat(Path.of(dir)).as("the passed test's directory").doesNotExist());
        } finally {
            logger.detachAppender(logged);
            deleteAll(kept);
        }
    }

    @Test
    void twoClassesEachWithItsClusterPassUnderParallelExecution() {
        EngineExecutionResults results = run(Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"),
                SharedClusterCase.class, ClusterPerTestCase.class);
        results.containerEvents().assertStatistics(s -> s.failed(0));
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
        assertThat(reported(results, "thread")).as("the tests ran on JUnit's parallel workers").hasSize(4)
                .allSatisfy(name -> assertThat(name).isNotEqualTo(Thread.currentThread().getName()));
    }

    @Test
    void underParallelExecutionOnlyTheLeakingTestFailsAndOnlyItsThreadIsNamed() throws Exception {
        List<Path> kept = List.of();
        try {
            EngineExecutionResults results = run(Map.of(
                            "junit.jupiter.execution.parallel.enabled", "true",
                            "junit.jupiter.execution.parallel.mode.default", "concurrent",
                            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                            "junit.jupiter.execution.parallel.config.strategy", "fixed",
                            "junit.jupiter.execution.parallel.config.fixed.parallelism", "2",
                            ReplogExtension.THREAD_LEAK_WAIT_MS, "1000"),
                    LeakingCase.class, SharedClusterCase.class, ClusterPerTestCase.class);
            kept = reportedDirectories(results);
            results.containerEvents().assertStatistics(s -> s.failed(0));
            results.testEvents().assertStatistics(s -> s.started(6).succeeded(5).failed(1));
            assertThat(failure(results, "leavesAThreadRunning")).hasMessageContaining("[" + LEAKY_THREAD + "]");
        } finally {
            stopLeakedThread();
            deleteAll(kept);
        }
    }

    @Test
    void aFailedTestKeepsTheDirectoryOfItsClassesSharedCluster() throws Exception {
        List<Path> kept = List.of();
        try {
            EngineExecutionResults results = run(Map.of(), FailingSharedCase.class);
            results.testEvents().assertStatistics(s -> s.failed(1));
            kept = reportedDirectories(results);
            assertThat(kept).as("the shared cluster's directory, kept after the class").singleElement()
                    .satisfies(dir -> assertThat(dir.resolve("broker-0")).isDirectory());
        } finally {
            deleteAll(kept);
        }
    }

    @Test
    void fieldsAndParametersTheExtensionCannotServeAreRefusedPrecisely() throws Exception {
        EngineExecutionResults results = run(Map.of(), TwoFieldsCase.class, FinalFieldCase.class,
                WrongTypeFieldCase.class);
        List<Path> kept = reportedDirectories(results);
        deleteAll(kept);
        assertThat(kept).as("the directories of the failed test's two clusters").hasSize(2);
        assertThat(failure(results, "whichOne")).hasMessageContaining("has 2 clusters [field "
                + TwoFieldsCase.class.getName() + ".one, field " + TwoFieldsCase.class.getName() + ".two], so a "
                + "parameter cannot tell which one it wants: use the fields");
        assertThat(containerFailure(results, FinalFieldCase.class)).hasMessage("field "
                + FinalFieldCase.class.getName() + ".cluster is final: ReplogExtension sets ReplogCluster fields, "
                + "so leave out 'final'");
        assertThat(containerFailure(results, WrongTypeFieldCase.class)).hasMessage("@ReplogTest on field "
                + WrongTypeFieldCase.class.getName() + ".name: the field is java.lang.String; @ReplogTest goes on a "
                + "ReplogCluster field or a class");

        EngineExecutionResults badWait = run(Map.of(ReplogExtension.THREAD_LEAK_WAIT_MS, "soon"),
                RacksMismatchCase.class);
        assertThat(containerFailure(badWait, RacksMismatchCase.class)).hasMessage("configuration parameter "
                + ReplogExtension.THREAD_LEAK_WAIT_MS + " = 'soon' is not allowed: give a number of milliseconds >= 0");
    }

    @Test
    void badAnnotationsFailTheClassBeforeAnyClusterStartsNamingKeyValueAndWhatIsAllowed() {
        EngineExecutionResults results = run(Map.of(), BadValueCase.class, NotKeyValueCase.class,
                RacksMismatchCase.class);
        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(containerFailure(results, BadValueCase.class)).hasMessageStartingWith("@ReplogTest on "
                        + BadValueCase.class.getName() + ": Invalid value 'many' for configuration 'min.insync.replicas'")
                .hasMessageEndingWith("expected an integer");
        assertThat(containerFailure(results, NotKeyValueCase.class)).hasMessage("@ReplogTest on field "
                + NotKeyValueCase.class.getName() + ".cluster: config entry 'min.insync.replicas' is not of the form "
                + "key=value (e.g. \"min.insync.replicas=2\")");
        assertThat(containerFailure(results, RacksMismatchCase.class)).hasMessage("@ReplogTest on "
                + RacksMismatchCase.class.getName() + ": brokers = 2 but 3 racks [R1, R2, R3]: give one rack per "
                + "broker (or leave brokers out)");
    }

    @Test
    void clientParametersTheExtensionCannotMakeAreRefusedSayingWhatIsSupported() {
        EngineExecutionResults results = run(Map.of(), UnsupportedParametersCase.class);
        results.testEvents().assertStatistics(s -> s.failed(3));
        assertThat(failure(results, "objectKeys")).hasMessageContaining("the key type java.lang.Object has no "
                + "serializer the extension knows; supported: String, byte[], Long, Integer, UUID");
        assertThat(failure(results, "rawConsumer")).hasMessageContaining("give the key and value types");
        assertThat(failure(results, "badClientConfig")).hasMessageStartingWith("@ClientConfig on parameter 0")
                .hasMessageContaining("acks").hasMessageContaining("several");
        assertThat(reportedDirectories(results)).as("no cluster was started for a parameter refused").isEmpty();
    }

    // ---------------------------------------------------------------- the cases EngineTestKit runs

    /** The leaking test has no cluster, so the one thread it leaves is all its check can name. */
    @ReplogTest(brokers = 1, transport = Transport.IN_VM)
    static class LeakingCase {
        @Test
        void leavesAThreadRunning() {
            Thread leaked = new Thread(() -> {
                try {
                    new CountDownLatch(1).await(); // until the outer test interrupts it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, LEAKY_THREAD);
            leaked.setDaemon(true);
            leaked.start();
        }

        @Test
        void closesWhatItStarts(Producer<String, String> producer) {
            assertThat(producer).isNotNull(); // on a cluster started for this test's parameter, closed after it
        }
    }

    @ReplogTest(brokers = 1, transport = Transport.IN_VM)
    static class FailingCase {
        ReplogCluster cluster;

        @Test
        void failsAfterWriting() {
            cluster.createTopic("evidence", 1, 1);
            throw new AssertionError("deliberately failing");
        }

        @Test
        void passes(TestReporter reporter) {
            reporter.publishEntry("passing.directory", cluster.directory().toString());
        }
    }

    @ReplogTest(brokers = 1, transport = Transport.IN_VM)
    static class SharedClusterCase {
        static ReplogCluster cluster;

        @Test
        void first(Producer<String, String> producer, Consumer<String, String> consumer, TestReporter reporter)
                throws Exception {
            roundTrip(cluster, "shared-1", producer, consumer, reporter);
        }

        @Test
        void second(Producer<String, String> producer, Consumer<String, String> consumer, TestReporter reporter)
                throws Exception {
            roundTrip(cluster, "shared-2", producer, consumer, reporter);
        }
    }

    @ReplogTest(brokers = 1)
    static class ClusterPerTestCase {
        ReplogCluster cluster;

        @Test
        void first(Producer<String, String> producer, Consumer<String, String> consumer, TestReporter reporter)
                throws Exception {
            roundTrip(cluster, "own", producer, consumer, reporter);
        }

        @Test
        void second(Producer<String, String> producer, Consumer<String, String> consumer, TestReporter reporter)
                throws Exception {
            roundTrip(cluster, "own", producer, consumer, reporter);
        }
    }

    @ReplogTest(config = "min.insync.replicas=many")
    static class BadValueCase {
        static ReplogCluster cluster;

        @Test
        void neverRuns() {
            assertThat(cluster).isNotNull();
        }
    }

    static class NotKeyValueCase {
        @ReplogTest(config = "min.insync.replicas")
        static ReplogCluster cluster;

        @Test
        void neverRuns() {
            assertThat(cluster).isNotNull();
        }
    }

    @ReplogTest(brokers = 2, racks = {"R1", "R2", "R3"})
    static class RacksMismatchCase {
        @Test
        void neverRuns(ReplogCluster cluster) {
            assertThat(cluster).isNotNull();
        }
    }

    @ReplogTest(brokers = 1, transport = Transport.IN_VM)
    static class FailingSharedCase {
        static ReplogCluster cluster;

        @Test
        void fails() {
            throw new AssertionError("deliberately failing on " + cluster.bootstrapServers());
        }
    }

    @ReplogTest(brokers = 1, transport = Transport.IN_VM)
    static class TwoFieldsCase {
        ReplogCluster one;
        ReplogCluster two;

        @Test
        void whichOne(ReplogCluster cluster) {
            assertThat(cluster).isNotNull();
        }
    }

    @ReplogTest(brokers = 1)
    static class FinalFieldCase {
        static final ReplogCluster cluster = null;

        @Test
        void neverRuns() {
            assertThat(cluster).isNull();
        }
    }

    static class WrongTypeFieldCase {
        @ReplogTest(brokers = 1)
        String name;

        @Test
        void neverRuns() {
            assertThat(name).isNull();
        }
    }

    @ReplogTest(brokers = 1, transport = Transport.IN_VM)
    static class UnsupportedParametersCase {
        @Test
        void objectKeys(Producer<Object, String> producer) {
            assertThat(producer).isNotNull();
        }

        @Test
        @SuppressWarnings("rawtypes")
        void rawConsumer(Consumer consumer) {
            assertThat(consumer).isNotNull();
        }

        @Test
        void badClientConfig(@ClientConfig("acks=several") Producer<String, String> producer) {
            assertThat(producer).isNotNull();
        }
    }

    // ---------------------------------------------------------------- helpers

    static void roundTrip(ReplogCluster cluster, String topic, Producer<String, String> producer,
                          Consumer<String, String> consumer, TestReporter reporter) throws Exception {
        reporter.publishEntry("thread", Thread.currentThread().getName());
        cluster.createTopic(topic, 1, 1);
        producer.send(ProducerRecord.of(topic, 0, "k", topic)).get(30, TimeUnit.SECONDS);
        assertThat(ClientParametersTest.readOne(consumer, new TopicPartition(topic, 0)))
                .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(topic));
    }

    private static EngineExecutionResults run(Map<String, String> parameters, Class<?>... cases) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
                .selectors(Stream.of(cases).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new));
        parameters.forEach(builder::configurationParameter);
        return builder.execute();
    }

    private static Throwable failure(EngineExecutionResults results, String method) {
        return results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(method + "("))
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError("no failure of " + method));
    }

    private static Throwable containerFailure(EngineExecutionResults results, Class<?> testClass) {
        return results.containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().endsWith(testClass.getSimpleName()))
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError("no failure of " + testClass.getSimpleName()));
    }

    private static List<String> reported(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream().map(Event::getPayload)
                .flatMap(java.util.Optional::stream).map(ReportEntry.class::cast)
                .map(r -> r.getKeyValuePairs().get(key)).filter(java.util.Objects::nonNull).toList();
    }

    private static List<Path> reportedDirectories(EngineExecutionResults results) {
        return reported(results, ReplogExtension.DIRECTORY_REPORT_KEY).stream().map(Path::of).toList();
    }

    private static void deleteAll(List<Path> dirs) throws RuntimeException {
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
