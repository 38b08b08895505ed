package io.cinemesh.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning in tests, waiting until what a test expects has arrived. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
    }

    /** Every record seen so far that matches, once at least one matches or the timeout passes. */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> match,
            Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            List<ConsumerRecord<String, String>> hits = seen.stream().filter(match).toList();
            if (!hits.isEmpty()) {
                return hits;
            }
        } while (Instant.now().isBefore(deadline));
        return List.of();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
