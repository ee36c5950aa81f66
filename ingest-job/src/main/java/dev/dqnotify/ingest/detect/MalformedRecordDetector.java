package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.util.List;

/** MALFORMED_RECORD: the value is not JSON, or a required field is missing or of the wrong type. */
final class MalformedRecordDetector implements RecordDetector {
  private static final long serialVersionUID = 1L;

  @Override
  public List<Situation> detect(ParsedRecord record) {
    if (record.valid()) {
      return List.of();
    }
    String position = record.getTopic() + "/" + record.getPartition() + "@" + record.getOffset();
    return List.of(
        Situation.of("MALFORMED_RECORD", "ERROR", position)
            .about(record)
            .summary("malformed record at " + position + ": " + record.getMalformedReason())
            .detail("reason", record.getMalformedReason())
            .detail("raw_excerpt", record.getRawExcerpt()));
  }
}
