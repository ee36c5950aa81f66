package dev.dqnotify.ingest.batch;

import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.detect.StoreActivity;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one task of the duplicate pass ({@link DuplicateFinder}) hands the driver: the duplicates
 * it found (their situations and source positions), the on-time activity of the clean messages per
 * store (for store silence, as spans, not per record), and the size of its part of the state.
 */
final class IdFindings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a duplicate was read: it is kept out of the curated output by these. */
  record Position(String topic, int partition, long offset) implements Serializable {}

  private final List<Situation> duplicates = new ArrayList<>();
  private final List<Position> positions = new ArrayList<>();
  private final StoreActivity activity;
  private long clean;
  private long rememberedIds;
  private long forgottenIds;

  IdFindings(long activityToleranceMs) {
    this.activity = new StoreActivity(activityToleranceMs);
  }

  void clean(ParsedRecord record) {
    clean++;
    activity.add(record.getStoreId(), record.getSentAtMs());
  }

  void duplicate(ParsedRecord record, List<Situation> situations) {
    duplicates.addAll(situations);
    positions.add(new Position(record.getTopic(), record.getPartition(), record.getOffset()));
  }

  void state(long remembered, long forgotten) {
    this.rememberedIds = remembered;
    this.forgottenIds = forgotten;
  }

  List<Situation> duplicates() {
    return duplicates;
  }

  List<Position> positions() {
    return positions;
  }

  StoreActivity activity() {
    return activity;
  }

  long clean() {
    return clean;
  }

  long rememberedIds() {
    return rememberedIds;
  }

  long forgottenIds() {
    return forgottenIds;
  }
}
