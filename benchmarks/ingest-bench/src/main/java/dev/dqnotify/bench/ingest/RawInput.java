package dev.dqnotify.bench.ingest;

import dev.dqnotify.ingest.IngestJobConfig;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ingest job's inputs for one scenario on the local stack: a raw topic, an outbox topic (both
 * created up front, KAFKA-15591), the store metadata of the plan's fleet, and the job settings
 * pointing at them; each run gets its own checkpoint and curated directories.
 */
final class RawInput {

  static final int PARTITIONS = 3;

  private final LocalStack stack;
  private final Path dir;
  private final String rawTopic;
  private final String outboxTopic;
  private int runs;

  RawInput(LocalStack stack, Path dir, String name, SimulationPlan plan) {
    this(stack, dir, name, plan.fleet());
  }

  RawInput(LocalStack stack, Path dir, String name, StoreFleet fleet) {
    this.stack = stack;
    this.dir = dir;
    String unique = UUID.randomUUID().toString().substring(0, 8);
    this.rawTopic = name + "-raw-" + unique;
    this.outboxTopic = name + "-dq-events-" + unique;
    stack.kafka().createTopics(PARTITIONS, rawTopic, outboxTopic);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fleet.writeCsv(dir.resolve("stores.csv"));
  }

  String rawTopic() {
    return rawTopic;
  }

  String outboxTopic() {
    return outboxTopic;
  }

  Path dir() {
    return dir;
  }

  Path storesCsv() {
    return dir.resolve("stores.csv");
  }

  /** Settings of a new run (fresh checkpoint and curated output) with {@code extra} on top. */
  IngestJobConfig config(Map<String, String> extra) {
    return IngestJobConfig.load(null, Map.of(), settings(extra));
  }

  /** The settings {@link #config} loads, for a job run in another JVM. */
  Map<String, String> settings(Map<String, String> extra) {
    int run = ++runs;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("source.bootstrap-servers", stack.kafka().bootstrapServers());
    settings.put("source.topic", rawTopic);
    settings.put("outbox.topic", outboxTopic);
    settings.put("schema-registry.url", stack.schemaRegistry().confluentApiUrl());
    settings.put("stores.metadata-path", storesCsv().toString());
    settings.put("sink.curated-path", dir.resolve("curated-" + run).toString());
    settings.put("checkpoint.path", dir.resolve("checkpoint-" + run).toString());
    settings.put("job.env", "bench");
    settings.putAll(Plans.RULES.ingestJobSettings());
    settings.putAll(extra);
    return settings;
  }
}
