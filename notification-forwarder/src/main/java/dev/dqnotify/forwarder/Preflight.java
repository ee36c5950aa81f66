package dev.dqnotify.forwarder;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before anything is consumed, what the forwarder depends on, so a mistake is one clear line
 * at start-up instead of records dead-lettered or stuck later: Kafka answers, the outbox and
 * dead-letter topics exist, and the schema registry answers at {@code schema-registry.url} as a
 * Confluent-compatible registry.
 */
final class Preflight {
  private static final Logger log = LoggerFactory.getLogger(Preflight.class);
  static final long KAFKA_TIMEOUT_MS = 15_000;

  private Preflight() {}

  /** Runs every check; throws a {@link StartupException} naming the setting to fix. */
  static void check(ForwarderConfig config) {
    topicsExist(config);
    registryAnswers(new SchemaRegistryClient(config.schemaRegistry()));
  }

  static void topicsExist(ForwarderConfig config) {
    Map<String, Object> properties = new HashMap<>(config.kafkaProperties());
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "dq-forwarder-preflight");
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT_MS);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT_MS);
    String bootstrap = config.bootstrapServers();
    try (Admin admin = Admin.create(properties)) {
      Set<String> existing = admin.listTopics().names().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      List<String> missing = new ArrayList<>();
      if (!existing.contains(config.topic())) {
        missing.add(config.topic() + " (consume.topic)");
      }
      if (!existing.contains(config.deadLetterTopic())) {
        missing.add(config.deadLetterTopic() + " (dlq.topic)");
      }
      if (!missing.isEmpty()) {
        throw StartupException.misconfigured("Kafka topic " + String.join(" and ", missing)
            + " does not exist on " + bootstrap + "; create it (see docs/runbook.md) or fix the setting", null);
      }
    } catch (TimeoutException | ExecutionException e) {
      throw StartupException.unavailable("Kafka at " + bootstrap + " did not answer within " + KAFKA_TIMEOUT_MS / 1000
          + " s; check consume.bootstrap-servers and the kafka.* security settings", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StartupException.unavailable("Interrupted while checking the Kafka topics", e);
    } catch (KafkaException e) {
      throw StartupException.misconfigured("Cannot connect to Kafka at " + bootstrap + ": " + e.getMessage()
          + "; check consume.bootstrap-servers and the kafka.* settings", e);
    }
  }

  /** The answers of a registry API that does not know the schema yet (the ingest job registers it). */
  private static final Set<Integer> NOT_REGISTERED_YET =
      Set.of(SchemaRegistryException.SUBJECT_NOT_FOUND, SchemaRegistryException.SCHEMA_NOT_FOUND);

  /**
   * Asks the registry for the DqEvent schema under the outbox's subject. Found, or Confluent's
   * "subject/schema not found" codes 40401/40403 (not registered yet): the path leads to a registry.
   * A 404 with another code or none (Apicurio answers a path it does not know with 404 and
   * error_code 0), or an answer that is not the registry API's, means the URL's path is wrong (e.g.
   * Apicurio's API is under {@code /apis/ccompat/v7}); 401/403, the credentials.
   */
  static void registryAnswers(SchemaRegistryClient registry) {
    try {
      int id = registry.lookup(AvroWireCodec.DQ_EVENTS_VALUE_SUBJECT, DqEvent.getClassSchema());
      log.info("Schema registry answers; the DqEvent schema is registered (id {})", id);
    } catch (SchemaRegistryException e) {
      if (e.isNotFound() && e.errorCode().isPresent() && NOT_REGISTERED_YET.contains(e.errorCode().getAsInt())) {
        log.info("Schema registry answers; the DqEvent schema is not registered yet ({})", e.getMessage());
      } else if (e.isRetryable()) {
        throw StartupException.unavailable("The schema registry did not answer usably: " + e.getMessage()
            + "; check schema-registry.url, or wait for the registry", e);
      } else if (e.isNotFound()) {
        throw StartupException.misconfigured("The schema registry URL leads to no registry API: " + e.getMessage()
            + " (a 404 without Confluent's 40401/40403); fix the path in schema-registry.url, e.g. "
            + "http://host:8080/apis/ccompat/v7 for Apicurio", e);
      } else {
        int status = e.status().orElse(0);
        String fix = status == 401 || status == 403 ? "check schema-registry.basic-auth-user-info"
            : "check that schema-registry.url is a Confluent-compatible registry's API";
        throw StartupException.misconfigured("The schema registry refused the start-up check: " + e.getMessage()
            + "; " + fix, e);
      }
    }
  }
}
