package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.Store;
import dev.dqnotify.ingest.reference.StoreDirectory;
import java.util.List;

/**
 * INSUFFICIENT_DATA_POINTS: fewer readings than the store's minimum (by its size class, else the
 * default).
 */
final class InsufficientDataPointsDetector implements RecordDetector {
  private static final long serialVersionUID = 1L;

  private final DetectionRules rules;
  private final StoreDirectory stores;

  InsufficientDataPointsDetector(DetectionRules rules, StoreDirectory stores) {
    this.rules = rules;
    this.stores = stores;
  }

  @Override
  public List<Situation> detect(ParsedRecord record) {
    String sizeClass = stores.find(record.getStoreId()).map(Store::sizeClass).orElse(null);
    int expected = rules.minPointsFor(sizeClass);
    int actual = record.getReadings().size();
    if (actual >= expected) {
      return List.of();
    }
    return List.of(
        Situation.of("INSUFFICIENT_DATA_POINTS", "WARNING", record.getMessageId())
            .about(record)
            .at(record.getSentAtMs())
            .summary(record.getStoreId() + " " + record.getSensorId() + " sent " + actual
                + " data points, expected at least " + expected)
            .detail("expected_min", expected)
            .detail("actual", actual)
            .detail("size_class", sizeClass)
            .detail("device_type", record.getDeviceType())
            .detail("manufacturer", record.getManufacturer())
            .detail("firmware", record.getFirmware()));
  }
}
