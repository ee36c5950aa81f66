package dev.dqnotify.ingest.batch;

import dev.dqnotify.ingest.detect.Arrival;
import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.detect.SituationDetector;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one task of the rules' pass hands the driver ({@link BatchDetection}): the situations its
 * records raise on their own (malformed, late; unknown store, too few data points, out of range
 * for on-time ones), how many records arrived how, and each partition's high water mark after the
 * task. Nothing per record: its size grows with the situations, not with the records.
 */
public final class PartitionFindings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Every situation a record raises alone; a content situation stands only if its record is no duplicate. */
  private final List<Situation> situations = new ArrayList<>();
  private final long[] counts = new long[Arrival.values().length];
  private Map<String, Long> highWater = new TreeMap<>();

  /** Takes one record classified by the task's {@link ArrivalClassifier}. */
  void add(ParsedRecord record, SituationDetector detector) {
    situations.addAll(detector.detect(record));
    counts[Arrival.valueOf(record.getArrival()).ordinal()]++;
  }

  void highWater(Map<String, Long> marks) {
    highWater = new TreeMap<>(marks);
  }

  List<Situation> situations() {
    return situations;
  }

  /** How many records arrived as {@code arrival} (CLEAN counts every on-time valid record). */
  long count(Arrival arrival) {
    return counts[arrival.ordinal()];
  }

  Map<String, Long> highWater() {
    return highWater;
  }
}
