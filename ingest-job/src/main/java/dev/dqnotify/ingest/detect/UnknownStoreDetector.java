package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.StoreDirectory;
import java.util.List;

/** UNKNOWN_STORE: the message's {@code store_id} is not in the store metadata. */
final class UnknownStoreDetector implements RecordDetector {
  private static final long serialVersionUID = 1L;

  private final StoreDirectory stores;

  UnknownStoreDetector(StoreDirectory stores) {
    this.stores = stores;
  }

  @Override
  public List<Situation> detect(ParsedRecord record) {
    if (stores.find(record.getStoreId()).isPresent()) {
      return List.of();
    }
    return List.of(
        Situation.of("UNKNOWN_STORE", "ERROR", record.getMessageId())
            .about(record)
            .at(record.getSentAtMs())
            .summary(record.getStoreId() + " is not in the store metadata (sensor " + record.getSensorId() + ")")
            .detail("device_type", record.getDeviceType())
            .detail("manufacturer", record.getManufacturer())
            .detail("firmware", record.getFirmware()));
  }
}
