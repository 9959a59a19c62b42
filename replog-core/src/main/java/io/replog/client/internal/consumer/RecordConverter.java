package io.replog.client.internal.consumer;

import io.replog.client.ConsumerRecord;
import io.replog.client.Deserializer;
import io.replog.client.Header;
import io.replog.errors.SerializationException;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A fetched record as the application sees it: key and value through its deserializers,
 * headers copied out of the fetched bytes.
 *
 * <p>Guarantees: a deserializer that throws becomes a {@link SerializationException} naming the
 * partition, the offset, which part failed and how to skip the record.
 */
final class RecordConverter<K, V> implements FetchedRecords.Converter<K, V> {
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;

    RecordConverter(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
    }

    @Override
    public ConsumerRecord<K, V> convert(TopicPartition tp, RecordBatch batch, Record record) {
        K key;
        V value;
        try {
            key = keyDeserializer.deserialize(tp.topic(), bytes(record.key()));
        } catch (RuntimeException e) {
            throw deserializationFailed("key", tp, record, e);
        }
        try {
            value = valueDeserializer.deserialize(tp.topic(), bytes(record.value()));
        } catch (RuntimeException e) {
            throw deserializationFailed("value", tp, record, e);
        }
        List<Header> headers = new ArrayList<>(record.headerCount());
        for (io.replog.record.Header h : record.headers()) {
            headers.add(Header.fromRecordHeader(h));
        }
        return new ConsumerRecord<>(tp.topic(), tp.partition(), record.offset(), record.timestamp(),
                batch.timestampType(), key, value, headers);
    }

    private static SerializationException deserializationFailed(String what, TopicPartition tp, Record record,
                                                                RuntimeException e) {
        return new SerializationException("Could not deserialize the " + what + " of the record at offset "
                + record.offset() + " of " + tp + ": " + e.getMessage() + "; seek past offset " + record.offset()
                + " to skip it", e);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
