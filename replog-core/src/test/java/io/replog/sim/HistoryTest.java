package io.replog.sim;

import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void aLaterAcknowledgementAtTheOffsetOfAnAcksAllWriteIsKeptBesideIt() {
        History history = new History();
        history.acked(new History.Ack(TP, 5, "all-1", (short) -1, 100));
        history.acked(new History.Ack(TP, 5, "one-7", (short) 1, 200));
        // A zombie leader's acks=1 write may share the offset; the acks=all one stays to be checked.
        assertThat(history.violations()).isEmpty();
        assertThat(history.acked().get(TP)).extracting(History.Ack::value).containsExactly("all-1", "one-7");
        history.acked(new History.Ack(TP, 5, "all-9", (short) -1, 300));
        assertThat(history.violations()).singleElement().asString().startsWith("invariant 1")
                .contains("'all-1'", "'all-9'");
    }

    @Test
    void anAcksOneWriteLostAndItsOffsetReusedIsNoViolation() {
        History history = new History();
        history.acked(new History.Ack(TP, 5, "one-1", (short) 1, 100));
        history.acked(new History.Ack(TP, 5, "all-2", (short) -1, 200));
        history.acked(new History.Ack(TP, 6, "all-3", (short) -1, 300));
        assertThat(history.violations()).isEmpty();
        assertThat(history.ackCount((short) -1)).isEqualTo(2);
    }

    @Test
    void lossMayBeAllowedForUncleanElectionRuns() {
        History history = new History();
        history.allowLoss();
        history.acked(new History.Ack(TP, 5, "all-1", (short) -1, 100));
        history.acked(new History.Ack(TP, 5, "all-2", (short) -1, 200));
        assertThat(history.violations()).isEmpty();
    }
}
