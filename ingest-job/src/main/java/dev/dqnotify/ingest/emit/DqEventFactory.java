package dev.dqnotify.ingest.emit;

import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.reference.Store;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * Turns a {@link Situation} into the sensor job's {@link DqEvent}: a built-in event type, the store
 * and sensor, the job's name and environment and the owning team (from the store metadata, else the
 * job's default). The outbox's format and key rule (by store) are notify-spark's {@code OutboxFormat}.
 */
final class DqEventFactory implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String job;
  private final String env;
  private final String defaultTeam;
  private final StoreDirectory stores;

  DqEventFactory(String job, String env, String defaultTeam, StoreDirectory stores) {
    this.job = job;
    this.env = env;
    this.defaultTeam = defaultTeam;
    this.stores = stores;
  }

  DqEvent create(Situation situation, long detectedAtMs) {
    SourcePosition source = situation.getTopic() == null ? null
        : new SourcePosition(situation.getTopic(), situation.getPartition(), situation.getOffset());
    return DqEvent.newBuilder()
        .setEventId(situation.eventId())
        .setEventType(DqEventType.valueOf(situation.getEventType()))
        .setSeverity(Severity.valueOf(situation.getSeverity()))
        .setDetectedAt(Instant.ofEpochMilli(detectedAtMs))
        .setEventTime(situation.getEventTimeMs() == null ? null : Instant.ofEpochMilli(situation.getEventTimeMs()))
        .setJob(job)
        .setTeam(stores.find(situation.getStoreId()).map(Store::team).filter(t -> !t.isEmpty()).orElse(defaultTeam))
        .setEnv(env)
        .setStoreId(situation.getStoreId())
        .setSensorId(situation.getSensorId())
        .setMessageId(situation.getMessageId())
        .setSource(source)
        .setSummary(situation.getSummary())
        .setDetails(new LinkedHashMap<>(situation.getDetails()))
        .build();
  }
}
