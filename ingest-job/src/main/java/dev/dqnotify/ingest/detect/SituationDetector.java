package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.StoreDirectory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Every per-record rule in one place: given a record classified by {@link ArrivalClassifier}, the
 * situations it raises. A malformed, late or duplicate message raises only that situation (its
 * content was judged when it first arrived on time); a clean message is checked for an unknown
 * store, too few data points and out-of-range readings, and may raise several of them.
 */
public final class SituationDetector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RecordDetector malformed = new MalformedRecordDetector();
  private final RecordDetector late;
  private final RecordDetector duplicate = new DuplicateMessageDetector();
  private final List<RecordDetector> content;

  /** Detects with {@code rules} against the store metadata. */
  public SituationDetector(DetectionRules rules, StoreDirectory stores) {
    this.late = new LateDataDetector(rules);
    this.content = List.of(
        new UnknownStoreDetector(stores),
        new InsufficientDataPointsDetector(rules, stores),
        new OutOfRangeDetector(rules));
  }

  /** The situations {@code record} raises, in a fixed order. */
  public List<Situation> detect(ParsedRecord record) {
    switch (Arrival.valueOf(record.getArrival())) {
      case MALFORMED:
        return malformed.detect(record);
      case LATE:
        return late.detect(record);
      case DUPLICATE:
        return duplicate.detect(record);
      default:
        List<Situation> found = new ArrayList<>(0);
        for (RecordDetector detector : content) {
          found.addAll(detector.detect(record));
        }
        return found;
    }
  }
}
