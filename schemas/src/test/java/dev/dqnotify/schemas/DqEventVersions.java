package dev.dqnotify.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** Earlier versions of the {@link DqEvent} schema and samples of version 3's additions. */
public final class DqEventVersions {

  private DqEventVersions() {}

  /**
   * Version 2 as it was released (a copy of {@code DqEvent.avsc} before version 3): what a forwarder
   * built before version 3 reads with.
   */
  public static Schema versionTwo() {
    try (InputStream in = DqEventVersions.class.getResourceAsStream("/dqevent/DqEvent-v2.avsc")) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A job-defined situation (version 3): type name and labels set, no store or sensor. */
  public static DqEvent jobDefined() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("order_id", "o-1001");
    labels.put("customer_id", "c-77");
    return DqEvent.newBuilder(DqEvents.minimal())
        .setEventId("ev-job-defined")
        .setEventType(DqEventType.JOB_DEFINED)
        .setSituationType("PAYMENT_AMOUNT_NEGATIVE")
        .setJob("orders-enrich")
        .setTeam("payments")
        .setSummary("order o-1001 has a negative payment amount -12.50")
        .setDetails(Map.of("amount", "-12.50"))
        .setLabels(labels)
        .build();
  }
}
