package io.replog.bench.kafka;

import io.replog.client.Admin;
import io.replog.client.Consumer;
import io.replog.client.Producer;
import io.replog.testkit.ReplogCluster;
import io.replog.testkit.junit.ClientConfig;
import io.replog.testkit.junit.ReplogTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * {@link ReplogTwentyTests} with the test kit's own clean-up instead of a delete in each test:
 * {@code resetTopicsBeforeEach} calls {@link ReplogCluster#resetTopics()} before every test, which
 * deletes every topic and returns only once every broker has removed their logs. The reset runs
 * inside each test's timing (it is part of the test's {@code beforeEach}), so the figures compare.
 */
@ReplogTest(brokers = 3, resetTopicsBeforeEach = true)
public class ReplogResetTwentyTests {
    static ReplogCluster cluster;

    @RepeatedTest(RoundTrip.TESTS)
    void createsATopicSendsAHundredRecordsWithAcksAllAndReadsThemBack(
            RepetitionInfo repetition, Admin admin, @ClientConfig("acks=all") Producer<String, String> producer,
            Consumer<String, String> consumer) throws Exception {
        ReplogRoundTrip.createSendAndReadBack(RoundTrip.topic(repetition.getCurrentRepetition()), admin, producer,
                consumer);
    }
}
