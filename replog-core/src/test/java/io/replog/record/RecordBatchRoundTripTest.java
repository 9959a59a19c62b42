package io.replog.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchRoundTripTest {

    @Test
    void buildsAndReadsBackKeysValuesAndHeaders() {
        ByteBuffer built = new RecordBatchBuilder(64).reset(0L)
                .append(1000L, "k1".getBytes(UTF_8), "v1".getBytes(UTF_8), Header.of("h", "x"))
                .append(1005L, null, "v2".getBytes(UTF_8))
                .build();

        RecordBatch batch = RecordBatch.wrap(built, 0);
        BatchValidator.validateBatch(batch, BatchValidator.Mode.LEADER, Integer.MAX_VALUE);
        List<Record> records = new ArrayList<>();
        batch.forEach(records::add);

        assertThat(records).hasSize(2);
        assertThat(utf8(records.get(0).key())).isEqualTo("k1");
        assertThat(records.get(0).headers()).containsExactly(Header.of("h", "x"));
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(1).timestamp()).isEqualTo(1005L);
        assertThat(batch.maxTimestamp()).isEqualTo(1005L);
    }

    private static String utf8(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, UTF_8);
    }
}
