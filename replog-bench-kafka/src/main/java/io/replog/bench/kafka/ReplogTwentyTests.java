package io.replog.bench.kafka;

import io.replog.client.Admin;
import io.replog.client.Consumer;
import io.replog.client.Producer;
import io.replog.testkit.ReplogCluster;
import io.replog.testkit.junit.ClientConfig;
import io.replog.testkit.junit.ReplogTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.concurrent.TimeUnit;

/**
 * Twenty integration tests sharing one three-broker replog cluster, written as a user of
 * {@code replog-testkit} writes them: the static field is started once for the class by
 * {@code @ReplogTest}, each test gets an {@link Admin}, a {@link Producer} and a {@link Consumer}
 * made (and closed) for it, does {@link ReplogRoundTrip}'s work and deletes its topic through the
 * admin client, as the Kafka twin ({@link KafkaTwentyTests}) does. Main sources, not test sources:
 * the benchmark runs it through the JUnit Platform Launcher, not Surefire.
 */
@ReplogTest(brokers = 3)
public class ReplogTwentyTests {
    static ReplogCluster cluster;

    @RepeatedTest(RoundTrip.TESTS)
    void createsATopicSendsAHundredRecordsWithAcksAllReadsThemBackAndDeletesIt(
            RepetitionInfo repetition, Admin admin, @ClientConfig("acks=all") Producer<String, String> producer,
            Consumer<String, String> consumer) throws Exception {
        String topic = RoundTrip.topic(repetition.getCurrentRepetition());
        ReplogRoundTrip.createSendAndReadBack(topic, admin, producer, consumer);
        // Completes once the controller has accepted the deletion, as Kafka's deleteTopics does.
        admin.deleteTopic(topic).get(RoundTrip.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
