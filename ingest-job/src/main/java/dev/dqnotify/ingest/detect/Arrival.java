package dev.dqnotify.ingest.detect;

/** How a record arrived, decided in source order per Kafka partition. */
public enum Arrival {
  /** A valid message, on time and first of its id: it flows on to the curated output. */
  CLEAN,
  /** Older than the watermark when it arrived. */
  LATE,
  /** A message id already seen within the dedup horizon. */
  DUPLICATE,
  /** Not a valid contract message. */
  MALFORMED
}
