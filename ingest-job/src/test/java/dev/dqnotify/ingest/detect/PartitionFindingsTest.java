package dev.dqnotify.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** A task's findings reach the driver with every field the driver uses, in their order. */
class PartitionFindingsTest {

  @Test
  void survivesJavaSerializationWithSharedSendersAndLongIds() throws Exception {
    SituationDetector detector = new SituationDetector(DetectionRules.defaults(), Records.stores());
    PartitionFindings findings = new PartitionFindings();
    String longId = "x".repeat(70_000); // beyond DataOutput.writeUTF's 64 KB
    findings.add(ArrivalClassifier.withoutState(Records.message("m-1", "store-0001", 0, 12, 10)), detector);
    findings.add(ArrivalClassifier.withoutState(Records.parse("{not json", 11)), detector);
    findings.add(ArrivalClassifier.withoutState(Records.message(longId, "store-0001", 1, 3, 12)), detector);
    findings.add(ArrivalClassifier.withoutState(Records.message("m-3", "store-9999", 2, 12, 13)), detector);

    PartitionFindings received = roundTrip(findings);

    assertThat(received.malformed()).isEqualTo(1);
    assertThat(received.arrivals()).extracting(ParsedRecord::getOffset).containsExactly(10L, 12L, 13L);
    assertThat(received.arrivals()).usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(findings.arrivals());
    assertThat(received.arrivals().get(1).getMessageId()).isEqualTo(longId);
    assertThat(received.situations()).extracting(Situation::getEventType)
        .containsExactly("MALFORMED_RECORD", "INSUFFICIENT_DATA_POINTS", "UNKNOWN_STORE");
    assertThat(received.situations()).extracting(Situation::eventId)
        .containsExactlyElementsOf(findings.situations().stream().map(Situation::eventId).toList());
  }

  private static PartitionFindings roundTrip(PartitionFindings findings) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(findings);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (PartitionFindings) in.readObject();
    }
  }
}
