package io.replog.record;

import static io.replog.record.RecordBatchLayoutTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.replog.errors.CorruptRecordException;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.UnsupportedCompressionException;
import io.replog.record.BatchValidator.Mode;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

class RecordBatchPropertiesTest {

    /** What a test appends, to compare with what the reader returns. */
    record Input(long timestamp, byte[] key, byte[] value, List<Header> headers) {
    }

    /**
     * One byte overwritten at a position taken modulo the batch size, or modulo the records part when
     * {@code inRecords}: most bytes of a small batch are header, and the parser deserves the attention.
     */
    record Mutation(int position, byte value, boolean inRecords) {

        int index(int size) {
            return inRecords ? RecordBatch.HEADER_SIZE + position % (size - RecordBatch.HEADER_SIZE) : position % size;
        }
    }

    @Property(tries = 300)
    void arbitraryRecordsRoundTrip(@ForAll("inputs") List<Input> inputs,
                                   @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long baseOffset) {
        RecordBatchBuilder builder = new RecordBatchBuilder(32).reset(baseOffset);
        for (Input in : inputs) {
            int predicted = builder.sizeInBytesAfterAppend(in.timestamp(), in.key(), in.value(), headers(in));
            builder.append(in.timestamp(), in.key(), in.value(), headers(in));
            assertThat(builder.sizeInBytes()).isEqualTo(predicted);
        }
        ByteBuffer built = builder.build();

        ValidationResult result = BatchValidator.validate(built, Mode.LEADER, Integer.MAX_VALUE);
        assertThat(result.recordCount()).isEqualTo(inputs.size());
        assertThat(result.sizeInBytes()).isEqualTo(built.remaining());
        assertThat(result.lastOffset()).isEqualTo(baseOffset + inputs.size() - 1);
        assertThat(result.maxTimestamp()).isEqualTo(inputs.stream().mapToLong(Input::timestamp).max().orElseThrow());

        List<Record> records = RecordBatchRoundTripTest.list(RecordBatch.wrap(built, 0));
        assertThat(records).hasSameSizeAs(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            Record out = records.get(i);
            assertThat(out.offset()).isEqualTo(baseOffset + i);
            assertThat(out.timestamp()).isEqualTo(in.timestamp());
            assertThat(orNull(out.key())).isEqualTo(in.key());
            assertThat(orNull(out.value())).isEqualTo(in.value());
            assertThat(out.keySize()).isEqualTo(in.key() == null ? -1 : in.key().length);
            assertThat(out.valueSize()).isEqualTo(in.value() == null ? -1 : in.value().length);
            assertThat(out.headers()).isEqualTo(in.headers());
        }
    }

    /**
     * Whatever bytes arrive, the validator answers with one of its documented exceptions or a
     * result, never with an IndexOutOfBounds, NegativeArraySize, OOM or a hang; a batch it accepts can
     * be read in full. Half the tries fix the CRC after mutating, so the record parser sees the junk.
     */
    @Property(tries = 1000)
    void validationOfMutatedOrTruncatedBatchesFailsOnlyAsDocumented(
            @ForAll("smallInputs") List<Input> inputs,
            @ForAll @Size(min = 1, max = 6) List<@From("mutations") Mutation> mutations,
            @ForAll boolean fixCrc,
            @ForAll("keepPercent") int keepPercent,
            @ForAll Mode mode) {
        RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(0L);
        inputs.forEach(in -> builder.append(in.timestamp(), in.key(), in.value(), headers(in)));
        ByteBuffer buffer = builder.buildCopy();
        int size = buffer.remaining();
        for (Mutation m : mutations) {
            buffer.put(m.index(size), m.value());
        }
        int declared = buffer.getInt(RecordBatch.LENGTH_OFFSET);
        if (fixCrc && declared >= RecordBatch.MIN_BATCH_LENGTH && declared <= size - RecordBatch.LOG_OVERHEAD) {
            RawBatches.fixCrc(buffer, 0);
        }
        buffer.limit(keepPercent >= 50 ? size : size * keepPercent / 50);

        try {
            ValidationResult result = BatchValidator.validate(buffer, mode, 1 << 16);
            int read = 0;
            for (RecordBatch batch : RecordBatches.in(buffer)) {
                for (Record r : batch) {
                    r.key();
                    r.value();
                    r.headers();
                    read++;
                }
            }
            assertThat(read).isEqualTo(result.recordCount());
            Statistics.collect("accepted");
        } catch (CorruptRecordException e) {
            assertThat(e.getMessage()).containsPattern("at byte -?\\d+");
            // Which check fired, so the report shows the fuzzing reaches past the CRC into the records.
            String m = e.getMessage();
            Statistics.collect(m.matches(".*: record \\d+ .*") ? "record field" : m.contains("record count") ? "record count"
                    : m.contains("offset delta") ? "offset delta" : m.contains("CRC32C") ? "crc" : m.contains("truncated") ? "truncated"
                    : "batch header");
        } catch (UnsupportedCompressionException | RecordTooLargeException expected) {
            assertThat(expected.getMessage()).contains("byte");
            Statistics.collect(expected.getClass().getSimpleName());
        }
    }

    /** Reading an unvalidated batch may refuse it, but only with the documented exceptions. */
    @Property(tries = 1000)
    void readingAnUnvalidatedBatchFailsOnlyAsDocumented(
            @ForAll("smallInputs") List<Input> inputs,
            @ForAll @Size(min = 1, max = 6) List<@From("mutations") Mutation> mutations) {
        RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(0L);
        inputs.forEach(in -> builder.append(in.timestamp(), in.key(), in.value(), headers(in)));
        ByteBuffer buffer = builder.buildCopy();
        int size = buffer.remaining();
        for (Mutation m : mutations) {
            buffer.put(m.index(size), m.value());
        }
        try {
            for (RecordBatch batch : RecordBatches.in(buffer)) {
                for (Record r : batch) {
                    r.key();
                    r.value();
                    r.headers();
                }
            }
        } catch (CorruptRecordException e) {
            assertThat(e.getMessage()).containsPattern("at byte \\d+");
        }
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        return input(200, 2000, 5).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Input>> smallInputs() {
        return input(8, 16, 2).list().ofMinSize(1).ofMaxSize(5);
    }

    /** Uniform, unlike jqwik's default bias towards small numbers: a third of tries truncate. */
    @Provide
    Arbitrary<Integer> keepPercent() {
        return Arbitraries.integers().between(0, 150).withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes(),
                        Arbitraries.integers().between(0, 3).map(i -> i > 0))
                .as(Mutation::new);
    }

    static Arbitrary<Input> input(int maxKey, int maxValue, int maxHeaders) {
        Arbitrary<Header> header = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withChars("é漢-_").ofMaxLength(12),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).injectNull(0.3))
                .as(Header::new);
        return Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(maxKey).injectNull(0.2),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(maxValue).injectNull(0.2),
                header.list().ofMaxSize(maxHeaders))
                .as(Input::new);
    }

    static Header[] headers(Input in) {
        return in.headers().toArray(new Header[0]);
    }

    private static byte[] orNull(ByteBuffer b) {
        return b == null ? null : bytes(b);
    }
}
