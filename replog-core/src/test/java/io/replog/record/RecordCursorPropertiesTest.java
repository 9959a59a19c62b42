package io.replog.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.replog.errors.CorruptRecordException;
import io.replog.record.RecordBatchPropertiesTest.Input;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The fast read paths against the reference ones: a {@link RecordCursor} yields exactly what the
 * batch iterator yields (fields, bytes, headers, and the same exception at the same record), and the
 * tuned {@link RecordParser} agrees with the {@link ReferenceRecordParser} on every field of a good
 * record and on the message for a bad one, whatever the bytes.
 */
class RecordCursorPropertiesTest {

    @Property(tries = 300)
    void aCursorYieldsWhatTheIteratorYields(@ForAll @Size(min = 1, max = 3) List<@From("batchInputs") List<Input>> batches,
                                            @ForAll @Size(max = 4) List<@IntRange(min = 0) Integer> corruptAt,
                                            @ForAll byte corruptWith,
                                            @ForAll boolean direct) {
        ByteBuffer all = concatenate(batches, direct);
        for (int at : corruptAt) {
            // Into the records of the first batch, so the parsers see the junk rather than a length error.
            int size = RecordBatch.wrap(all, 0).sizeInBytes();
            all.put(RecordBatch.HEADER_SIZE + at % (size - RecordBatch.HEADER_SIZE), corruptWith);
        }

        List<String> fromIterator = new ArrayList<>();
        try {
            for (RecordBatch batch : RecordBatches.in(all)) {
                for (Record r : batch) {
                    fromIterator.add(describe(r.offset(), r.offsetDelta(), r.timestamp(), r.position(), r.sizeInBytes(),
                            r.attributes(), r.keySize(), r.key(), r.valueSize(), r.value(), r.headerCount(), r.headers()));
                }
            }
        } catch (CorruptRecordException e) {
            fromIterator.add("error: " + e.getMessage());
        }

        List<String> fromCursor = new ArrayList<>();
        RecordCursor c = new RecordCursor();
        try {
            for (RecordBatch batch : RecordBatches.in(all)) {
                c.reset(batch);
                while (c.next()) {
                    fromCursor.add(describe(c.offset(), c.offsetDelta(), c.timestamp(), c.position(), c.sizeInBytes(),
                            c.attributes(), c.keySize(), c.key(), c.valueSize(), c.value(), c.headerCount(), c.headers()));
                    Record r = c.toRecord();
                    assertThat(describe(r.offset(), r.offsetDelta(), r.timestamp(), r.position(), r.sizeInBytes(),
                            r.attributes(), r.keySize(), r.key(), r.valueSize(), r.value(), r.headerCount(), r.headers()))
                            .isEqualTo(fromCursor.get(fromCursor.size() - 1));
                }
            }
        } catch (CorruptRecordException e) {
            fromCursor.add("error: " + e.getMessage());
        }

        assertThat(fromCursor).isEqualTo(fromIterator);
    }

    /** Arbitrary record bytes after a sound batch header: the parsers must agree record by record. */
    @Property(tries = 2000)
    void theParserAgreesWithTheReferenceOnAnyBytes(@ForAll("recordBytes") byte[] records,
                                                   @ForAll @IntRange(min = 0, max = 6) int count,
                                                   @ForAll @IntRange(min = 0, max = 12) int cutAtEnd,
                                                   @ForAll boolean direct) {
        ByteBuffer heap = RawBatches.batch(0L, (short) 0, Math.max(count - 1, 0), count, records);
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip() : heap;
        int batchEnd = Math.max(RecordBatch.HEADER_SIZE, buffer.limit() - cutAtEnd);
        assertParsersAgree(buffer, batchEnd, count);
    }

    /** Valid batches with a few bytes changed: mostly good records, sometimes a subtly bad one. */
    @Property(tries = 500)
    void theParserAgreesWithTheReferenceOnMutatedBatches(@ForAll("batchInputs") List<Input> inputs,
                                                         @ForAll @Size(min = 0, max = 3) List<@IntRange(min = 0) Integer> at,
                                                         @ForAll byte value) {
        RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(0L);
        inputs.forEach(in -> builder.append(in.timestamp(), in.key(), in.value(), RecordBatchPropertiesTest.headers(in)));
        ByteBuffer buffer = builder.buildCopy();
        int size = buffer.remaining();
        for (int i : at) {
            buffer.put(RecordBatch.HEADER_SIZE + i % (size - RecordBatch.HEADER_SIZE), value);
        }
        assertParsersAgree(buffer, size, inputs.size());
    }

    private static void assertParsersAgree(ByteBuffer buffer, int batchEnd, int count) {
        RecordParser tuned = new RecordParser(0);
        ReferenceRecordParser reference = new ReferenceRecordParser(0);
        tuned.batchStart(0);
        reference.batchStart(0);
        int position = RecordBatch.HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            String expected;
            int referenceNext = -1;
            try {
                referenceNext = reference.parse(buffer, position, batchEnd, i);
                expected = "next " + referenceNext + " " + fields(reference.start, reference.end, reference.attributes,
                        reference.timestampDelta, reference.offsetDelta, reference.keyPosition, reference.keySize,
                        reference.valuePosition, reference.valueSize, reference.headersPosition, reference.headerCount);
            } catch (CorruptRecordException e) {
                expected = "error: " + e.getMessage();
            }
            String actual;
            try {
                int next = tuned.parse(buffer, position, batchEnd, i);
                actual = "next " + next + " " + fields(tuned.start, tuned.end, tuned.attributes, tuned.timestampDelta,
                        tuned.offsetDelta, tuned.keyPosition, tuned.keySize, tuned.valuePosition, tuned.valueSize,
                        tuned.headersPosition, tuned.headerCount);
            } catch (CorruptRecordException e) {
                actual = "error: " + e.getMessage();
            }
            assertThat(actual).as("record %d at byte %d", i, position).isEqualTo(expected);
            if (referenceNext < 0) {
                return;
            }
            position = referenceNext;
        }
    }

    private static String fields(Object... values) {
        return List.of(values).toString();
    }

    private static String describe(long offset, int offsetDelta, long timestamp, int position, int size, byte attributes,
                                   int keySize, ByteBuffer key, int valueSize, ByteBuffer value, int headerCount,
                                   List<Header> headers) {
        return offset + "/" + offsetDelta + " t=" + timestamp + " @" + position + "+" + size + " a=" + attributes
                + " k=" + keySize + ":" + hex(key) + " v=" + valueSize + ":" + hex(value) + " h=" + headerCount + headers
                .stream().map(h -> h.key() + "=" + (h.value() == null ? "null" : HexFormat.of().formatHex(h.value())))
                .toList();
    }

    private static String hex(ByteBuffer b) {
        if (b == null) {
            return "null";
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ByteBuffer concatenate(List<List<Input>> batches, boolean direct) {
        List<ByteBuffer> built = new ArrayList<>();
        long offset = 0;
        int total = 0;
        for (List<Input> inputs : batches) {
            RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(offset);
            inputs.forEach(in -> builder.append(in.timestamp(), in.key(), in.value(), RecordBatchPropertiesTest.headers(in)));
            ByteBuffer b = builder.buildCopy();
            built.add(b);
            total += b.remaining();
            offset += inputs.size();
        }
        ByteBuffer all = direct ? ByteBuffer.allocateDirect(total) : ByteBuffer.allocate(total);
        built.forEach(all::put);
        return all.flip();
    }

    @Provide
    Arbitrary<List<Input>> batchInputs() {
        return RecordBatchPropertiesTest.input(300, 300, 3).list().ofMinSize(1).ofMaxSize(20);
    }

    /** Bytes that look like records often enough: small varints, and some long or negative ones. */
    @Provide
    Arbitrary<byte[]> recordBytes() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.bytes().between((byte) 0, (byte) 20)),
                Tuple.of(2, Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF)),
                Tuple.of(1, Arbitraries.of((byte) 1, (byte) 3, (byte) 0x7F)),
                Tuple.of(1, Arbitraries.bytes()));
        return b.array(byte[].class).ofMaxSize(60);
    }
}
