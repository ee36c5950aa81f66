package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.util.List;

/**
 * DUPLICATE_MESSAGE: a {@code message_id} already seen within the dedup horizon. One situation per
 * repeated copy; its identity includes the copy number, so the second and the third copy are two
 * situations, and a replay finds the same ones. {@link ArrivalClassifier} decides.
 */
final class DuplicateMessageDetector implements RecordDetector {
  private static final long serialVersionUID = 1L;

  @Override
  public List<Situation> detect(ParsedRecord record) {
    if (!Arrival.DUPLICATE.name().equals(record.getArrival())) {
      return List.of();
    }
    return List.of(
        Situation.of("DUPLICATE_MESSAGE", "INFO", record.getMessageId() + "#copy" + record.getCopyNumber())
            .about(record)
            .at(record.getSentAtMs())
            .summary(record.getStoreId() + " " + record.getSensorId() + " re-sent message " + record.getMessageId()
                + " (copy " + record.getCopyNumber() + ")")
            .detail("copy", record.getCopyNumber())
            .detail("device_type", record.getDeviceType()));
  }
}
