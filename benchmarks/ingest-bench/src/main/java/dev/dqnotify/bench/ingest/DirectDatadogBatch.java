package dev.dqnotify.bench.ingest;


import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.ingest.IngestJobConfig;
import dev.dqnotify.ingest.batch.BatchDetection;
import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.detect.SourceDataLossDetector;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.ingest.sink.CuratedWriter;
import dev.dqnotify.ingest.source.RetentionGaps;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * The baseline the outbox replaces, for the decoupling benchmark only: inside {@code foreachBatch}
 * the job detects the situations (the job's own {@link BatchDetection}), builds each Datadog
 * v1 event itself and posts it synchronously with retries, then writes the curated rows as the
 * job does. This is the common "just call the API from the batch" design; its retry policy (4
 * attempts, 250 ms doubling, 5 s timeout, then give up) is deliberately modest, so the comparison
 * favours the baseline. Store-silence detection is left out (it does not touch Datadog).
 */
final class DirectDatadogBatch implements VoidFunction2<Dataset<ParsedRecord>, Long>, Serializable {
  private static final long serialVersionUID = 1L;

  static final int ATTEMPTS = 4;
  static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Events given up after the last attempt (lost: the baseline has nowhere to keep them). */
  static final AtomicLong GIVEN_UP = new AtomicLong();
  /** Events Datadog accepted. */
  static final AtomicLong DELIVERED = new AtomicLong();

  private final IngestJobConfig config;
  private final StoreDirectory stores;
  private final CuratedWriter curated;
  private final String eventsUrl;
  private final String apiKey;
  private transient BatchDetection detection;
  private transient HttpClient http;
  private transient ObjectMapper json;

  DirectDatadogBatch(IngestJobConfig config, StoreDirectory stores, String datadogBaseUrl, String apiKey) {
    this.config = config;
    this.stores = stores;
    this.curated = new CuratedWriter(config.curatedPath(), stores);
    this.eventsUrl = datadogBaseUrl + "/api/v1/events";
    this.apiKey = apiKey;
  }

  @Override
  public void call(Dataset<ParsedRecord> batch, Long batchId) throws Exception {
    batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (detection == null) {
        detection = new BatchDetection(config.rules(), stores, config.checkpointPath(),
            batch.sparkSession().sparkContext().hadoopConfiguration(),
            new RetentionGaps(config.checkpointPath(), config.bootstrapServers(), config.sourceKafkaProperties()),
            new SourceDataLossDetector());
      }
      BatchDetection.Found found = detection.detect(batch, batchId);
      detection.commit(batchId);
      for (Situation situation : found.situations()) {
        post(body(situation));
      }
      curated.write(found.clean(batch), batchId);
    } finally {
      batch.unpersist();
    }
  }

  private String body(Situation s) throws Exception {
    if (json == null) {
      json = new ObjectMapper();
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("title", "[" + s.getSeverity() + "] " + s.getEventType() + " " + s.getStoreId());
    event.put("text", s.getSummary());
    event.put("tags", List.of("event_type:" + s.getEventType().toLowerCase(), "store_id:" + s.getStoreId(),
        "env:" + config.env(), "event_id:" + s.eventId()));
    event.put("alert_type", s.getSeverity().equals("ERROR") ? "error" : "warning");
    event.put("aggregation_key", s.eventId());
    event.put("date_happened", Instant.now().getEpochSecond());
    return json.writeValueAsString(event);
  }

  /** Posts one event, retrying what may pass (transport errors, 408, 429, 5xx); blocks the batch meanwhile. */
  private void post(String body) throws InterruptedException {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(eventsUrl)).timeout(TIMEOUT)
        .header("Content-Type", "application/json").header("DD-API-KEY", apiKey)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          DELIVERED.incrementAndGet();
          return;
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
          break; // rejected: retrying cannot help
        }
      } catch (java.io.IOException e) {
        // a transport error may pass: retry
      }
      if (attempt < ATTEMPTS) {
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2);
      }
    }
    GIVEN_UP.incrementAndGet();
  }
}
