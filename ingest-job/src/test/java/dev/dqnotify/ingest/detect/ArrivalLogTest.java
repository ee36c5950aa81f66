package dev.dqnotify.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's arrival state: rebuilt from its files, it classifies exactly as the running job does. */
class ArrivalLogTest {
  private static final long MIN = 60_000;
  /** A short horizon, so that ids fall out of it and files become removable within the stream. */
  private static final DetectionRules RULES = new DetectionRules(10, Map.of(), Duration.ofMinutes(10),
      Duration.ofMinutes(30), Duration.ofMinutes(15), DetectionRules.DEFAULT_RANGES);
  private static final String[] PARTITIONS = {"sensor-raw/0", "sensor-raw/1", "sensor-raw/2"};

  @TempDir Path checkpoint;
  private final Configuration hadoop = new Configuration();
  private final ArrivalClassifier classifier = new ArrivalClassifier(RULES);

  @Test
  void aRestartAtAnyBatchClassifiesEveryRecordAsAnUninterruptedRunDoes() {
    Random random = new Random(42);
    List<Map<String, List<ParsedRecord>>> batches = randomStream(random, 120);

    Map<String, PartitionState> uninterrupted = new HashMap<>();
    ArrivalLog running = log();
    List<String> labels = new ArrayList<>();
    for (int batch = 0; batch < batches.size(); batch++) {
      // The truth: one state that was never saved or rebuilt.
      List<String> truth = classify(batches.get(batch), uninterrupted);
      labels.addAll(truth);
      // A job restarted before this batch: a new log rebuilt from the files alone.
      assertThat(classify(batches.get(batch), log().before(batch))).as("restarted before batch " + batch)
          .isEqualTo(truth);
      // The running job: its state in memory, saved after the batch.
      Map<String, PartitionState> states = running.before(batch);
      assertThat(classify(batches.get(batch), states)).as("running, batch " + batch).isEqualTo(truth);
      running.save(batch, states);
    }
    assertThat(labels).as("the stream has every kind of arrival")
        .contains("CLEAN", "LATE", "DUPLICATE#2", "DUPLICATE#3");
    assertThat(running.keptBatches()).as("files whose ids all left the 30 min horizon are removed")
        .hasSizeLessThan(batches.size() / 4);
  }

  @Test
  void aQuietPartitionKeepsItsIdsWhileASnapshotReplacesTheFilesItHoldsBack() {
    // Partition 2 is quiet from batch 20 to 90: its high water mark stands still, so its ids stay
    // remembered however far the other partitions move on, and re-sent copies after the pause are
    // duplicates. Its last file would hold back every later one; a snapshot replaces them.
    List<Map<String, List<ParsedRecord>>> batches = randomStream(new Random(5), 140, 20, 90);
    Map<String, PartitionState> uninterrupted = new HashMap<>();
    ArrivalLog running = log();
    List<String> afterThePause = new ArrayList<>();
    int mostFiles = 0;
    boolean snapshotWritten = false;
    for (int batch = 0; batch < batches.size(); batch++) {
      List<String> truth = classify(batches.get(batch), uninterrupted);
      if (batch >= 90) { // partition 2 comes last in a batch's labels
        int quietPartition = batches.get(batch).getOrDefault(PARTITIONS[2], List.of()).size();
        afterThePause.addAll(truth.subList(truth.size() - quietPartition, truth.size()));
      }
      assertThat(classify(batches.get(batch), log().before(batch))).as("restarted before batch " + batch)
          .isEqualTo(truth);
      Map<String, PartitionState> states = running.before(batch);
      assertThat(classify(batches.get(batch), states)).as("running, batch " + batch).isEqualTo(truth);
      running.save(batch, states);
      mostFiles = Math.max(mostFiles, running.keptBatches().size());
      snapshotWritten |= !running.keptSnapshots().isEmpty();
    }
    assertThat(afterThePause).as("copies of messages sent before the pause").contains("DUPLICATE#2");
    assertThat(snapshotWritten).isTrue();
    assertThat(mostFiles).as("change files kept at any time").isLessThan(45);
  }

  @Test
  void aReRunOfTheNewestBatchStartsFromTheStateBeforeIt() {
    List<Map<String, List<ParsedRecord>>> batches = randomStream(new Random(7), 20);
    ArrivalLog log = log();
    for (int batch = 0; batch < 19; batch++) {
      Map<String, PartitionState> states = log.before(batch);
      classify(batches.get(batch), states);
      log.save(batch, states);
    }
    Map<String, PartitionState> states = log.before(19);
    List<String> first = classify(batches.get(19), states);
    log.save(19, states);

    assertThat(classify(batches.get(19), log.before(19))).as("the same log, batch 19 again").isEqualTo(first);
    assertThat(classify(batches.get(19), log().before(19))).as("after a restart").isEqualTo(first);
  }

  @Test
  void aDamagedFileStopsTheJobWithTheFileNamed() throws Exception {
    ArrivalLog log = log();
    Map<String, PartitionState> states = log.before(0);
    classify(randomStream(new Random(1), 1).get(0), states);
    log.save(0, states);
    Path file = checkpoint.resolve(ArrivalLog.FOLDER).resolve("0.bin");
    Files.write(file, new byte[] {1, 2, 3});

    assertThatThrownBy(() -> log().before(1)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("arrival state").hasMessageContaining("0.bin");
  }

  @Test
  void recognisesACheckpointWhoseArrivalStateWasInSparksStateStore() throws Exception {
    assertThat(ArrivalLog.startsWithoutEarlierState(checkpoint.toString(), hadoop)).as("a new checkpoint").isFalse();
    Files.createDirectories(checkpoint.resolve("state").resolve("0"));
    assertThat(ArrivalLog.startsWithoutEarlierState(checkpoint.toString(), hadoop)).as("an old one").isTrue();
    ArrivalLog log = log();
    Map<String, PartitionState> states = log.before(0);
    classify(randomStream(new Random(3), 1).get(0), states);
    log.save(0, states);
    assertThat(ArrivalLog.startsWithoutEarlierState(checkpoint.toString(), hadoop)).as("once this version saved")
        .isFalse();
  }

  private ArrivalLog log() {
    return new ArrivalLog(checkpoint.toString(), hadoop, RULES, 50);
  }

  /** Classifies copies of the batch's records; returns their labels in partition and offset order. */
  private List<String> classify(Map<String, List<ParsedRecord>> batch, Map<String, PartitionState> states) {
    List<String> labels = new ArrayList<>();
    batch.forEach((partition, records) -> {
      List<ParsedRecord> copies = new ArrayList<>();
      for (ParsedRecord record : records) {
        copies.add(Records.message(record.getMessageId(), "store-0001", (record.getSentAtMs() - Records.T0.toEpochMilli())
            / (double) MIN, 12, record.getOffset()));
      }
      classifier.classify(copies, states.computeIfAbsent(partition, p -> new PartitionState()));
      for (ParsedRecord record : copies) {
        labels.add(record.getArrival() + (record.getCopyNumber() == null ? "" : "#" + record.getCopyNumber()));
      }
    });
    return labels;
  }

  /**
   * Messages of three partitions over about 10 hours of event time, 2 minutes apart on average, with
   * re-sent ids (some twice) and late messages, cut into batches of random size.
   */
  private static List<Map<String, List<ParsedRecord>>> randomStream(Random random, int batches) {
    return randomStream(random, batches, -1, -1);
  }

  /** As above, with partition 2 quiet from batch {@code quietFrom} to {@code quietUntil}. */
  private static List<Map<String, List<ParsedRecord>>> randomStream(Random random, int batches, int quietFrom,
      int quietUntil) {
    List<Map<String, List<ParsedRecord>>> stream = new ArrayList<>();
    long[] offsets = new long[PARTITIONS.length];
    double[] minutes = new double[PARTITIONS.length];
    List<List<ParsedRecord>> sent = new ArrayList<>();
    for (int p = 0; p < PARTITIONS.length; p++) {
      sent.add(new ArrayList<>());
    }
    for (int b = 0; b < batches; b++) {
      Map<String, List<ParsedRecord>> batch = new java.util.TreeMap<>();
      for (int p = 0; p < PARTITIONS.length; p++) {
        List<ParsedRecord> records = new ArrayList<>();
        int size = p == 2 && b >= quietFrom && b < quietUntil ? 0 : random.nextInt(6);
        for (int i = 0; i < size; i++) {
          List<ParsedRecord> earlier = sent.get(p);
          double kind = random.nextDouble();
          ParsedRecord record;
          if (kind < 0.12 && !earlier.isEmpty()) { // a re-sent message, possibly long ago
            ParsedRecord original = earlier.get(earlier.size() - 1 - random.nextInt(Math.min(earlier.size(), 40)));
            record = Records.message(original.getMessageId(), "store-0001",
                (original.getSentAtMs() - Records.T0.toEpochMilli()) / (double) MIN, 12, offsets[p]++);
          } else {
            minutes[p] += random.nextDouble() * 4;
            double sentAt = kind < 0.2 ? minutes[p] - 5 - random.nextDouble() * 20 : minutes[p]; // some late
            record = Records.message("p" + p + "-m" + offsets[p], "store-0001", sentAt, 12, offsets[p]++);
          }
          records.add(record);
          earlier.add(record);
        }
        if (!records.isEmpty()) {
          batch.put(PARTITIONS[p], records);
        }
      }
      stream.add(batch);
    }
    return stream;
  }
}
