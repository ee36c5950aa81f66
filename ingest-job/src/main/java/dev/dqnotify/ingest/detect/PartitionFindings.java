package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one task of a micro-batch hands the driver ({@link BatchDetection}): the situations its
 * records raise on their own (malformed records; unknown store, too few data points, out of range
 * for valid ones), and for every valid record the few fields the driver needs to classify its
 * arrival and to describe it if it is late or a duplicate — not its readings.
 */
public final class PartitionFindings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Valid records without their readings, in the order read. */
  final List<ParsedRecord> arrivals = new ArrayList<>();
  /** Malformed-record and content situations; a content situation stands only if its record is CLEAN. */
  final List<Situation> situations = new ArrayList<>();
  long malformed;

  /** For Kryo. */
  PartitionFindings() {}

  /** Takes one record of the task: its situations, and its arrival fields when it is valid. */
  void add(ParsedRecord record, SituationDetector detector) {
    situations.addAll(detector.detect(record));
    if (!record.valid()) {
      malformed++;
      return;
    }
    ParsedRecord arrival = new ParsedRecord();
    arrival.setTopic(record.getTopic());
    arrival.setPartition(record.getPartition());
    arrival.setOffset(record.getOffset());
    arrival.setMessageId(record.getMessageId());
    arrival.setStoreId(record.getStoreId());
    arrival.setSensorId(record.getSensorId());
    arrival.setDeviceType(record.getDeviceType());
    arrival.setSentAtMs(record.getSentAtMs());
    arrivals.add(arrival);
  }
}
