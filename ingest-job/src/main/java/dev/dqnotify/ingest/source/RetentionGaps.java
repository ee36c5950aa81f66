package dev.dqnotify.ingest.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.execution.streaming.OffsetSeq;
import org.apache.spark.sql.execution.streaming.OffsetSeqLog;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Finds the source ranges of a micro-batch that Kafka deleted before the job read them. Spark's
 * Kafka source skips such a range with only a WARN in an executor's log; this makes it a fact the
 * driver can report.
 *
 * <p>Per partition, never per record: a batch was planned to read {@code [start, end)}, where
 * {@code start} is where the batch before it ended (both in the query's offset log). After the batch
 * has been read, the partition's earliest offset still in Kafka is asked for (one admin request per
 * batch). Only when it lies beyond {@code start} — Kafka deleted something the batch was to read —
 * is the first offset the batch actually read looked up in the cached batch (a small aggregation
 * over that partition). Offsets below both were neither read nor still there: they are lost.
 * Records deleted after they were read are not lost, and are not reported.
 *
 * <p>The range reported reaches up to where reading resumes, which may lie beyond the batch's own
 * end: Spark's per-trigger cap counts deleted offsets, so a long gap is walked through in several
 * batches; it is reported once, by the first. The first batch of a fresh checkpoint has no planned
 * start (it starts at what Kafka holds) and cannot lose anything.
 */
public final class RetentionGaps implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final TypeReference<Map<String, Map<String, Long>>> KAFKA_OFFSETS = new TypeReference<>() {};

  private static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final String checkpointPath;
  private final String bootstrapServers;
  private final Map<String, String> kafkaProperties;
  /** Per partition, the offset up to which lost ranges were reported by this run (not kept over restarts). */
  private final Map<TopicPartition, Long> reportedUpTo = new HashMap<>();
  private transient Admin admin;

  /** For the query checkpointed at {@code checkpointPath}, reading from {@code bootstrapServers}. */
  public RetentionGaps(String checkpointPath, String bootstrapServers, Map<String, String> kafkaProperties) {
    this.checkpointPath = checkpointPath;
    this.bootstrapServers = bootstrapServers;
    this.kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /**
   * The ranges batch {@code batchId} was to read that Kafka deleted first. Call it once the batch has
   * been read (after its first action), with the batch cached.
   *
   * @throws IllegalStateException when Kafka cannot say which offsets it still holds; the batch
   *     fails rather than skip a loss unreported
   */
  public List<LostRange> find(Dataset<ParsedRecord> batch, long batchId) {
    if (batchId == 0) {
      return List.of();
    }
    OffsetSeqLog log = new OffsetSeqLog(batch.sparkSession(), checkpointPath + "/offsets");
    Map<TopicPartition, Long> start = plannedOffsets(log, batchId - 1);
    if (start.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, Long> earliest = earliest(start);
    Map<TopicPartition, Long> firstRead = new HashMap<>();
    List<Integer> suspects = new ArrayList<>();
    start.forEach((partition, from) -> {
      if (earliest.getOrDefault(partition, from) > from) {
        suspects.add(partition.partition());
      }
    });
    if (!suspects.isEmpty()) {
      String topic = start.keySet().iterator().next().topic();
      for (Row row : batch.filter(col("partition").isin(suspects.toArray())).groupBy("partition")
          .agg(min("offset")).collectAsList()) {
        firstRead.put(new TopicPartition(topic, row.getInt(0)), row.getLong(1));
      }
    }
    return lost(start, earliest, firstRead);
  }

  /**
   * The lost ranges given each partition's planned start, its earliest offset after the read and
   * the first offset the batch read from it (absent when it read nothing); each offset is reported
   * once per run.
   */
  List<LostRange> lost(Map<TopicPartition, Long> start, Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> firstRead) {
    List<LostRange> lost = new ArrayList<>();
    start.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER)).forEach(planned -> {
      TopicPartition partition = planned.getKey();
      long from = planned.getValue();
      long resume = Math.min(earliest.getOrDefault(partition, from), firstRead.getOrDefault(partition, Long.MAX_VALUE));
      long first = Math.max(from, reportedUpTo.getOrDefault(partition, from));
      if (resume > first) {
        lost.add(new LostRange(partition.topic(), partition.partition(), first, resume - 1));
        reportedUpTo.put(partition, resume);
      }
    });
    return lost;
  }

  /** The offsets batch {@code batchId} ended at, from the query's offset log; empty when not logged. */
  private static Map<TopicPartition, Long> plannedOffsets(OffsetSeqLog log, long batchId) {
    Option<OffsetSeq> logged = log.get(batchId);
    if (logged.isEmpty()) {
      return Map.of();
    }
    List<Option<Offset>> sources = JavaConverters.seqAsJavaList(logged.get().offsets());
    if (sources.isEmpty() || sources.get(0).isEmpty()) {
      return Map.of();
    }
    return parse(sources.get(0).get().json());
  }

  /** Spark's Kafka offsets JSON, {@code {"topic":{"0":42,"1":17}}}. */
  static Map<TopicPartition, Long> parse(String json) {
    try {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      new ObjectMapper().readValue(json, KAFKA_OFFSETS).forEach((topic, partitions) ->
          partitions.forEach((partition, offset) -> offsets.put(new TopicPartition(topic, Integer.parseInt(partition)),
              offset)));
      return offsets;
    } catch (JsonProcessingException | NumberFormatException e) {
      throw new IllegalStateException("Unexpected Kafka offsets in the checkpoint's offset log: " + json, e);
    }
  }

  private Map<TopicPartition, Long> earliest(Map<TopicPartition, Long> partitions) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.keySet().forEach(partition -> request.put(partition, OffsetSpec.earliest()));
    try {
      Map<TopicPartition, ListOffsetsResultInfo> answer = admin().listOffsets(request).all().get();
      Map<TopicPartition, Long> earliest = new HashMap<>();
      answer.forEach((partition, info) -> earliest.put(partition, info.offset()));
      return earliest;
    } catch (ExecutionException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Could not read the earliest offsets of " + partitions.keySet() + " at "
          + bootstrapServers + " to check for data lost to retention: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the earliest offsets", e);
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Map<String, Object> settings = new HashMap<>(kafkaProperties);
      settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "dqnotify-retention-gaps");
      admin = Admin.create(settings);
    }
    return admin;
  }

  /** Closes the admin client, if one was opened. */
  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
