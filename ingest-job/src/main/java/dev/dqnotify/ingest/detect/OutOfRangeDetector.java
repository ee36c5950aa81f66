package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.parse.Reading;
import java.util.ArrayList;
import java.util.List;

/** OUT_OF_RANGE: one situation per reading outside its metric's range (limits inclusive). */
final class OutOfRangeDetector implements RecordDetector {
  private static final long serialVersionUID = 1L;

  private final DetectionRules rules;

  OutOfRangeDetector(DetectionRules rules) {
    this.rules = rules;
  }

  @Override
  public List<Situation> detect(ParsedRecord record) {
    List<Situation> found = new ArrayList<>(0);
    List<Reading> readings = record.getReadings();
    for (int i = 0; i < readings.size(); i++) {
      Reading reading = readings.get(i);
      MetricRange range = rules.rangeOf(reading.getMetric()).orElse(null);
      if (range == null || range.contains(reading.getValue())) {
        continue;
      }
      String value = MetricRange.number(reading.getValue());
      found.add(
          Situation.of("OUT_OF_RANGE", "WARNING", record.getMessageId() + "#" + i)
              .about(record)
              .at(reading.getTsMs())
              .summary(record.getStoreId() + " " + record.getSensorId() + " " + reading.getMetric() + " = "
                  + value + " outside " + range)
              .detail("metric", reading.getMetric())
              .detail("value", value)
              .detail("range", range)
              .detail("reading_index", i)
              .detail("device_type", record.getDeviceType())
              .detail("manufacturer", record.getManufacturer())
              .detail("firmware", record.getFirmware()));
    }
    return found;
  }
}
