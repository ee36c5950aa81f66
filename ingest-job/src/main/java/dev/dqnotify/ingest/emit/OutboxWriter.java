package dev.dqnotify.ingest.emit;

import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.notify.outbox.OutboxFormat;
import dev.dqnotify.notify.outbox.OutboxProducer;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a batch's situations to the outbox, from the driver, through notify-spark's outbox (the one
 * way DqEvents are written): {@link DqEventFactory} makes the sensor job's {@code DqEvent}s, the
 * library's {@link OutboxFormat} registers the schema once at start-up, encodes and keys them by
 * store, and its {@link OutboxProducer} writes them, riding out an outage up to {@code
 * outbox.max-outage}.
 *
 * <p>Delivery is at least once: a micro-batch that is re-run writes its events again, with the same
 * deterministic ids, and the forwarder notifies each id once.
 */
public final class OutboxWriter implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;

  /** The setting that bounds an outage, named in the producer's log lines and error. */
  private final DqEventFactory factory;
  private final OutboxFormat format;
  private final OutboxProducer producer;

  OutboxWriter(DqEventFactory factory, OutboxFormat format, OutboxProducer producer) {
    this.factory = factory;
    this.format = format;
    this.producer = producer;
  }

  /**
   * Registers the DqEvent schema under {@code <topic>-value} (BACKWARD) and returns a writer for the
   * topic that rides out an outage of the outbox's brokers of up to {@code maxOutage} per batch;
   * {@code maxOutageSetting} is the setting that sets it, named when the bound is reached.
   *
   * @throws dev.dqnotify.schemas.registry.SchemaRegistryException when the registry is unreachable
   *     or refuses the schema (the message names the URL and the status)
   */
  public static OutboxWriter register(String job, String env, String defaultTeam, StoreDirectory stores,
      String topic, String bootstrapServers, Map<String, String> kafkaProperties, SchemaRegistryConfig registryConfig,
      Duration maxOutage, String maxOutageSetting) {
    OutboxFormat format = OutboxFormat.register(new SchemaRegistryClient(registryConfig), topic);
    return new OutboxWriter(new DqEventFactory(job, env, defaultTeam, stores), format,
        new OutboxProducer(topic, bootstrapServers, kafkaProperties, maxOutage, maxOutageSetting));
  }

  /** The id of the DqEvent schema the writer encodes with. */
  public int schemaId() {
    return format.schemaId();
  }

  /**
   * Writes {@code situations}, detected at {@code detectedAtMs}, keyed by store, and returns once
   * Kafka acknowledged every one. A batch's situations are few — the rules' pass found them on the
   * executors — so one producer on the driver, kept open between batches, is quicker than a Spark
   * job per batch.
   *
   * @return how many DqEvents of each type were written
   * @throws dev.dqnotify.notify.outbox.OutboxUnavailableException when the outbox stayed unwritable
   *     for {@code outbox.max-outage}
   * @throws IllegalStateException when Kafka refused the events for a reason retrying cannot help;
   *     the micro-batch fails and is re-run after a restart, writing the same ids again
   */
  public Map<String, Long> write(List<Situation> situations, long detectedAtMs) {
    Map<String, Long> counts = new TreeMap<>();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(situations.size());
    for (Situation situation : situations) {
      records.add(format.record(situation.getStoreId(), factory.create(situation, detectedAtMs)));
      counts.merge(situation.getEventType(), 1L, Long::sum);
    }
    producer.write(records);
    return counts;
  }

  /** Closes the driver's producer, if one was opened; a later write opens a new one. */
  @Override
  public void close() {
    producer.close();
  }
}
