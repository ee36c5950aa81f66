package dev.dqnotify.ingest;

import dev.dqnotify.ingest.emit.OutboxWriter;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.ingest.sink.CuratedWriter;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Checks, before the query starts, everything the job depends on, so a mistake is one clear line
 * at start-up instead of a failed micro-batch minutes later: the store metadata, both topics, and
 * the schema registry (where the DqEvent schema is registered) and the curated table.
 */
final class Preflight {
  static final long KAFKA_TIMEOUT_MS = 15_000;

  private Preflight() {}

  static StoreDirectory stores(IngestJobConfig config) {
    try {
      return StoreDirectory.load(config.storeMetadata());
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage() + " (setting stores.metadata-path)", e);
    }
  }

  static void topicsExist(IngestJobConfig config) {
    requireTopics(config.bootstrapServers(), config.sourceKafkaProperties(), List.of(config.sourceTopic()),
        "source.bootstrap-servers", "source.topic", "kafka.* and kafka.source.*");
    requireTopics(config.outboxBootstrapServers(), config.outboxKafkaProperties(), List.of(config.outboxTopic()),
        "outbox.bootstrap-servers", "outbox.topic", "kafka.* and kafka.outbox.*");
  }

  static OutboxWriter registerSchema(IngestJobConfig config, StoreDirectory stores) {
    try {
      return OutboxWriter.register(config.jobName(), config.env(), config.defaultTeam(), stores,
          config.outboxTopic(), config.outboxBootstrapServers(), config.outboxKafkaProperties(),
          config.schemaRegistryConfig(), config.outboxMaxOutage(), IngestJobConfig.OUTBOX_MAX_OUTAGE.key());
    } catch (SchemaRegistryException e) {
      throw new StartupException("Cannot register the DqEvent schema: " + e.getMessage()
          + " (settings schema-registry.url, schema-registry.basic-auth-user-info, schema.registry.ssl.*)", e);
    }
  }

  /** The curated table, created (empty) if it does not exist yet and registered under its name if one is set. */
  static CuratedWriter curatedTable(SparkSession spark, IngestJobConfig config, StoreDirectory stores) {
    CuratedWriter curated = new CuratedWriter(config.curatedPath(), config.curatedTable(), stores);
    try {
      curated.prepare(spark);
      return curated;
    } catch (RuntimeException e) { // Delta's and Spark's analysis errors are unchecked and varied
      throw new StartupException("Cannot prepare the curated table: " + e.getMessage()
          + " (settings sink.curated-path, sink.curated-table)", e);
    }
  }

  private static void requireTopics(String bootstrap, Map<String, String> kafkaProperties, List<String> topics,
      String bootstrapKey, String topicKey, String kafkaKeys) {
    Map<String, Object> properties = new HashMap<>(kafkaProperties);
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT_MS);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT_MS);
    try (Admin admin = Admin.create(properties)) {
      Set<String> existing = admin.listTopics().names().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Set<String> missing = new LinkedHashSet<>(topics);
      missing.removeAll(existing);
      if (!missing.isEmpty()) {
        throw new StartupException("Kafka topic " + String.join(", ", missing) + " does not exist on " + bootstrap
            + "; create it or fix " + topicKey, null);
      }
    } catch (TimeoutException | ExecutionException e) {
      throw new StartupException("Kafka at " + bootstrap + " did not answer within " + KAFKA_TIMEOUT_MS / 1000
          + " s; check " + bootstrapKey + " and the " + kafkaKeys + " security settings", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted while checking the Kafka topics", e);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new StartupException("Cannot connect to Kafka at " + bootstrap + ": " + e.getMessage()
          + "; check " + bootstrapKey + " and the " + kafkaKeys + " settings", e);
    }
  }
}
