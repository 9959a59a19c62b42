package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.EmptyByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.replog.log.LogSlice;
import io.replog.netty.protocol.RecordsWriter;
import io.replog.netty.protocol.Wire;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.server.ResponseBody;
import io.replog.protocol.FetchResponse;
import io.replog.record.Records;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a Fetch response body so that records in log segment files are sent from the file
 * (a {@link LogSliceRegion} part) rather than copied into the response buffer.
 *
 * <p>Guarantees: the parts of the {@link ResponseBody}, concatenated, are byte for byte the body
 * that {@link FetchTranslator#toKafka(FetchTranslator.Decoded, FetchResponse, short)} encodes at
 * the same version (records read into memory and copied), as long as the segment bytes do not
 * change meanwhile (if they do, the region fails and the connection closes; see
 * {@link LogSliceRegion}). The body is one buffer when no partition has a non-empty file-backed
 * run; otherwise buffers (slices of one buffer) alternate with one region per such run. In-memory
 * runs are copied into the buffer. On in-VM channels the server pipeline copies the regions.
 */
final class FetchResponseEncoder {
    private FetchResponseEncoder() {
    }

    /** The body answering {@code asked} with {@code response} (null: core was not asked) at {@code version}. */
    static ResponseBody encode(FetchTranslator.Decoded asked, FetchResponse response, short version,
                               ByteBufAllocator alloc) {
        // The generated message holds records as ByteBufs. A file-backed run gets a distinct empty
        // placeholder instead, recognized by identity when the codec reaches that records field, so
        // that the file is never read here and the placeholder cannot be mistaken for real bytes.
        Map<ByteBuf, LogSlice> slices = new IdentityHashMap<>();
        FetchResponseMessage message = FetchTranslator.toKafka(asked, response, version, records -> {
            if (records instanceof LogSlice slice && !slice.isEmpty()) {
                ByteBuf placeholder = new EmptyByteBuf(alloc);
                slices.put(placeholder, slice);
                return placeholder;
            }
            return FetchTranslator.heapBytes(records);
        });
        if (slices.isEmpty()) {
            return KafkaRequestProcessor.encode(message, version);
        }
        // size() counts each placeholder as 0 bytes with a 1- or 4-byte prefix; a real prefix takes
        // at most 5 (varint), so this is enough and the buffer never grows.
        ByteBuf buf = alloc.buffer(message.size(version) + 5 * slices.size());
        try {
            Splicer splicer = new Splicer(slices);
            message.write(buf, version, splicer);
            return splicer.parts(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Writes in-memory records inline; for a placeholder, writes the run's length prefix and notes
     * where in the buffer its region goes.
     */
    private static final class Splicer implements RecordsWriter {
        private final Map<ByteBuf, LogSlice> slices;
        private final List<Integer> cuts = new ArrayList<>();
        private final List<LogSlice> runs = new ArrayList<>();

        Splicer(Map<ByteBuf, LogSlice> slices) {
            this.slices = slices;
        }

        @Override
        public void write(ByteBuf buf, ByteBuf records, boolean compact) {
            LogSlice slice = records == null ? null : slices.get(records);
            if (slice == null) {
                RecordsWriter.INLINE.write(buf, records, compact);
                return;
            }
            if (compact) {
                Wire.writeUnsignedVarint(buf, slice.length() + 1);
            } else {
                buf.writeInt(slice.length());
            }
            cuts.add(buf.writerIndex());
            runs.add(slice);
        }

        /** {@code buf}'s bytes cut at each noted place, with the run's region in the cut. */
        ResponseBody parts(ByteBuf buf) {
            List<Object> parts = new ArrayList<>(2 * runs.size() + 1);
            try {
                int from = 0;
                for (int i = 0; i < runs.size(); i++) {
                    int cut = cuts.get(i);
                    if (cut > from) {
                        parts.add(buf.retainedSlice(from, cut - from));
                    }
                    parts.add(new LogSliceRegion(runs.get(i)));
                    from = cut;
                }
                if (buf.writerIndex() > from) {
                    parts.add(buf.retainedSlice(from, buf.writerIndex() - from));
                }
                return ResponseBody.of(parts);
            } catch (RuntimeException e) {
                parts.forEach(ReferenceCountUtil::safeRelease);
                throw e;
            }
        }
    }
}
