package dev.dqnotify.notify;

import dev.dqnotify.notify.outbox.OutboxFormat;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import scala.collection.JavaConverters;

/**
 * Runs on the executors: turns one detected row (the struct {@link DqNotifier} projects, fields
 * named by the constants below) into a {@link DqEvent} in the Confluent wire format, through the
 * outbox's {@link OutboxFormat} with the schema id the driver registered. It never calls the registry.
 */
final class DqEventEncoder implements UDF1<Row, byte[]> {
  private static final long serialVersionUID = 1L;

  static final String SITUATION_TYPE = "situation_type";
  static final String SEVERITY = "severity";
  static final String IDENTITY = "identity";
  static final String EVENT_TIME = "event_time";
  static final String DETECTED_AT = "detected_at";
  static final String SUMMARY = "summary";
  static final String DETAILS = "details";
  static final String LABELS = "labels";
  static final String SOURCE = "source";

  private final String job;
  private final String team;
  private final String env;
  private final OutboxFormat format;

  DqEventEncoder(String job, String team, String env, OutboxFormat format) {
    this.job = job;
    this.team = team;
    this.env = env;
    this.format = format;
  }

  /**
   * The deterministic event id: a name-based UUID of the job, the situation type and the input's
   * identity, so a re-run of a micro-batch, a restart or a backfill gives the same id.
   */
  static String eventId(String job, String situationType, String identity) {
    return UUID.nameUUIDFromBytes((job + "|" + situationType + "|" + identity).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  @Override
  public byte[] call(Row row) {
    return format.encode(event(row));
  }

  DqEvent event(Row row) {
    String type = row.getAs(SITUATION_TYPE);
    Row source = row.getAs(SOURCE);
    return DqEvent.newBuilder()
        .setEventId(eventId(job, type, row.getAs(IDENTITY)))
        .setEventType(DqEventType.JOB_DEFINED)
        .setSituationType(type)
        .setSeverity(Severity.valueOf(row.getAs(SEVERITY)))
        .setDetectedAt(instant(row.getAs(DETECTED_AT)))
        .setEventTime(instant(row.getAs(EVENT_TIME)))
        .setJob(job)
        .setTeam(team)
        .setEnv(env)
        .setSource(source == null ? null
            : new SourcePosition(source.getString(0), source.getInt(1), source.getLong(2)))
        .setSummary(row.getAs(SUMMARY))
        .setDetails(strings(row.getAs(DETAILS)))
        .setLabels(strings(row.getAs(LABELS)))
        .build();
  }

  /** A Spark map as a Java map; a null value (a null column) is left out, as Avro maps hold strings. */
  private static Map<String, String> strings(scala.collection.Map<String, String> map) {
    Map<String, String> strings = new LinkedHashMap<>();
    if (map != null) {
      JavaConverters.mapAsJavaMap(map).forEach((k, v) -> {
        if (v != null) {
          strings.put(k, v);
        }
      });
    }
    return strings;
  }

  /** Spark hands timestamps as {@link Timestamp}, or as {@link Instant} with the Java 8 time API on. */
  private static Instant instant(Object time) {
    if (time instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    return (Instant) time;
  }
}
