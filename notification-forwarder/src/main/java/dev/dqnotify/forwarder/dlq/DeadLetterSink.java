package dev.dqnotify.forwarder.dlq;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where records the pipeline gives up on go: the dead-letter topic ({@link DeadLetterPublisher}),
 * or, for a redrive of a dead letter, nowhere new ({@link #keptInPlace(String)}).
 */
public interface DeadLetterSink {

  /** Gives up on {@code original} for {@code reason}; completes once that is safely recorded. */
  CompletableFuture<Void> publish(ConsumerRecord<byte[], byte[]> original, DeadLetter reason);

  /** The dead-letter topic the record is (or stays) in. */
  String topic();

  /**
   * A sink for records read from the dead-letter topic itself: a redriven record that fails again
   * stays where it is (with its first reason) rather than being copied once more per attempt.
   */
  static DeadLetterSink keptInPlace(String deadLetterTopic) {
    return new DeadLetterSink() {
      @Override
      public CompletableFuture<Void> publish(ConsumerRecord<byte[], byte[]> original, DeadLetter reason) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public String topic() {
        return deadLetterTopic;
      }
    };
  }
}
