package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task of a micro-batch hands the driver ({@link BatchDetection}): the situations its
 * records raise on their own (malformed records; unknown store, too few data points, out of range
 * for valid ones), and for every valid record the few fields the driver needs to classify its
 * arrival and to describe it if it is late or a duplicate — not its readings.
 *
 * <p>Sent in a compact form of its own: per record its offset, event time and message id, with the
 * topic and the store/sensor/device names written once per task and referred to by number (a task
 * holds one source partition, whose few sensors send many messages each).
 */
public final class PartitionFindings implements Externalizable {
  private static final long serialVersionUID = 1L;

  /** Valid records without their readings, in the order read. */
  private final List<ParsedRecord> arrivals = new ArrayList<>();
  /** Malformed-record and content situations; a content situation stands only if its record is CLEAN. */
  private final List<Situation> situations = new ArrayList<>();
  private long malformed;

  /** For Java serialization. */
  public PartitionFindings() {}

  /** Takes one record of the task: its situations, and its arrival fields when it is valid. */
  void add(ParsedRecord record, SituationDetector detector) {
    situations.addAll(detector.detect(record));
    if (!record.valid()) {
      malformed++;
      return;
    }
    arrivals.add(new Source(record).arrival(record.getOffset(), record.getSentAtMs(), record.getMessageId()));
  }

  List<ParsedRecord> arrivals() {
    return arrivals;
  }

  List<Situation> situations() {
    return situations;
  }

  long malformed() {
    return malformed;
  }

  /** Where a record came from and who sent it: the part many records of a task share. */
  private record Source(String topic, int partition, String storeId, String sensorId, String deviceType) {
    Source(ParsedRecord record) {
      this(record.getTopic(), record.getPartition(), record.getStoreId(), record.getSensorId(), record.getDeviceType());
    }

    /** A record of this source with only the fields the driver needs. */
    ParsedRecord arrival(long offset, long sentAtMs, String messageId) {
      ParsedRecord arrival = new ParsedRecord();
      arrival.setTopic(topic);
      arrival.setPartition(partition);
      arrival.setStoreId(storeId);
      arrival.setSensorId(sensorId);
      arrival.setDeviceType(deviceType);
      arrival.setOffset(offset);
      arrival.setSentAtMs(sentAtMs);
      arrival.setMessageId(messageId);
      return arrival;
    }
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    out.writeLong(malformed);
    out.writeObject(situations);
    Map<Source, Integer> sources = new LinkedHashMap<>();
    int[] refs = new int[arrivals.size()];
    for (int i = 0; i < refs.length; i++) {
      refs[i] = sources.computeIfAbsent(new Source(arrivals.get(i)), s -> sources.size());
    }
    out.writeInt(sources.size());
    for (Source source : sources.keySet()) {
      Binary.writeString(out, source.topic());
      out.writeInt(source.partition());
      Binary.writeNullableString(out, source.storeId());
      Binary.writeNullableString(out, source.sensorId());
      Binary.writeNullableString(out, source.deviceType());
    }
    out.writeInt(refs.length);
    for (int i = 0; i < refs.length; i++) {
      ParsedRecord record = arrivals.get(i);
      out.writeInt(refs[i]);
      out.writeLong(record.getOffset());
      out.writeLong(record.getSentAtMs());
      Binary.writeString(out, record.getMessageId());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
    malformed = in.readLong();
    situations.addAll((List<Situation>) in.readObject());
    Source[] sources = new Source[in.readInt()];
    for (int s = 0; s < sources.length; s++) {
      sources[s] = new Source(Binary.readString(in), in.readInt(), Binary.readNullableString(in),
          Binary.readNullableString(in), Binary.readNullableString(in));
    }
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      Source source = sources[in.readInt()];
      long offset = in.readLong();
      long sentAtMs = in.readLong();
      arrivals.add(source.arrival(offset, sentAtMs, Binary.readString(in)));
    }
  }
}
