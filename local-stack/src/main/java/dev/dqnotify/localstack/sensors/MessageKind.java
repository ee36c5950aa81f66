package dev.dqnotify.localstack.sensors;

import java.util.List;

/** What a simulated message is, and so how the ingest job's arrival classifier takes it. */
public enum MessageKind {
  /** Enough readings, all in range, from a store of the metadata: raises nothing. */
  NORMAL(Arrival.CLEAN),
  /** A sensor's regular message with fewer readings than its store's minimum. */
  TOO_FEW_READINGS(Arrival.CLEAN),
  /** A sensor's regular message with one or two readings outside their metric's range. */
  OUT_OF_RANGE_READINGS(Arrival.CLEAN),
  /** A well-formed message from a store that is not in the metadata. */
  UNKNOWN_STORE(Arrival.CLEAN),
  /** A byte-for-byte re-send of the message just before it from the same sensor. */
  DUPLICATE_COPY(Arrival.DUPLICATE),
  /** A message whose {@code sent_at} lies behind its sensor's newest message by more than the lateness. */
  LATE(Arrival.LATE),
  /** The first half of a message: not JSON. */
  NOT_JSON(Arrival.MALFORMED),
  /** A message with a byte sequence that is not UTF-8. */
  INVALID_UTF8(Arrival.MALFORMED),
  /** A record with an empty value. */
  EMPTY_VALUE(Arrival.MALFORMED),
  /** A JSON array holding a message, as a batching gateway might send: not a JSON object. */
  NOT_AN_OBJECT(Arrival.MALFORMED),
  /** A message without {@code store_id}. */
  MISSING_STORE_ID(Arrival.MALFORMED),
  /** A message whose first reading's {@code value} is a string. */
  STRING_VALUE(Arrival.MALFORMED),
  /** A message whose {@code sent_at} carries an offset other than Z. */
  NON_UTC_SENT_AT(Arrival.MALFORMED);

  /** How the ingest job's arrival classifier takes a record (its {@code Arrival}). */
  public enum Arrival {
    /** Valid, on time, first of its id: checked by the content rules and written to the curated output. */
    CLEAN,
    /** Older than the partition's watermark: raises only LATE_DATA. */
    LATE,
    /** A message id seen within the horizon: raises only DUPLICATE_MESSAGE. */
    DUPLICATE,
    /** Not a contract message: raises only MALFORMED_RECORD. */
    MALFORMED
  }

  /** The malformed kinds, in the order a plan cycles through them. */
  public static final List<MessageKind> MALFORMED_KINDS = List.of(
      NOT_JSON, MISSING_STORE_ID, STRING_VALUE, INVALID_UTF8, EMPTY_VALUE, NOT_AN_OBJECT, NON_UTC_SENT_AT);

  private final Arrival arrival;

  MessageKind(Arrival arrival) {
    this.arrival = arrival;
  }

  /** How the job classifies a message of this kind. */
  public Arrival arrival() {
    return arrival;
  }
}
