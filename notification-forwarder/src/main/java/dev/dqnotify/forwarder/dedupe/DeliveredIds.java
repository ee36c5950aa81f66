package dev.dqnotify.forwarder.dedupe;

import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.schemas.DqEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Which events the live forwarder <em>delivered</em>, reconstructed record by record from the part
 * of the outbox it has committed — the question a replay or a redrive asks before posting again.
 *
 * <p>Everything below the committed offset reached a terminal outcome, but not every terminal
 * outcome is a delivery. The live dedupe state ({@link SeenIdsReader} with every id) does not care;
 * this function, handed to a {@link SeenIdsReader} in its place, keeps only the ids of events that
 * were not <em>held back</em>:
 *
 * <ul>
 *   <li>a record that was dead-lettered (its position is in the dead-letter topic's
 *       {@code dqnotify.errors.*} headers) was not delivered;
 *   <li>an event a configured silence matched at the record's time was not delivered (the live
 *       forwarder decides by its clock when it reads the record, which is the record time when it
 *       keeps up);
 *   <li>the first copy of an id decides for every later copy on its partition: the live forwarder
 *       deduplicated those, so a re-run copy of a held-back event was not delivered either.
 * </ul>
 *
 * <p>Events below {@code forward.min-severity} and undecodable records count as handled, not held
 * back: they yield no id here either way. Called by one reader thread, in offset order per
 * partition; it remembers each id's first verdict (a plain map: a one-shot tool's read, not the
 * live forwarder's compact state), so a read that starts over sees the same answers.
 */
public final class DeliveredIds implements Function<ConsumerRecord<byte[], byte[]>, Optional<String>> {

  private final EventDecoder decoder;
  private final BiPredicate<TopicPartition, Long> deadLettered;
  private final BiPredicate<DqEvent, Instant> silencedAt;
  private final Map<TopicPartition, Map<String, Boolean>> heldBackById = new HashMap<>();

  /**
   * @param decoder decodes record values; the registry being unavailable makes the read start over
   * @param deadLettered whether the record at a position of the outbox was dead-lettered
   * @param silencedAt whether a configured silence held an event back at a time
   */
  public DeliveredIds(EventDecoder decoder, BiPredicate<TopicPartition, Long> deadLettered,
      BiPredicate<DqEvent, Instant> silencedAt) {
    this.decoder = decoder;
    this.deadLettered = deadLettered;
    this.silencedAt = silencedAt;
  }

  /** The event id of {@code record} when the live forwarder delivered its event, else empty. */
  @Override
  public Optional<String> apply(ConsumerRecord<byte[], byte[]> record) {
    EventDecoder.Decoded decoded = decoder.decode(record.value());
    if (decoded instanceof EventDecoder.Decoded.RegistryUnavailable unavailable) {
      throw unavailable.cause();
    }
    if (!(decoded instanceof EventDecoder.Decoded.Event event)) {
      return Optional.empty();
    }
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    String id = event.event().getEventId();
    boolean heldBack = heldBackById.computeIfAbsent(partition, p -> new HashMap<>()).computeIfAbsent(id,
        i -> deadLettered.test(partition, record.offset())
            || silencedAt.test(event.event(), Instant.ofEpochMilli(record.timestamp())));
    return heldBack ? Optional.empty() : Optional.of(id);
  }
}
