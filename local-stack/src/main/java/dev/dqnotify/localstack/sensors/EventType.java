package dev.dqnotify.localstack.sensors;

/**
 * The data-quality situations of the {@code sensor-raw} contract; the names are the
 * {@code event_type} values of the ingest job's DqEvents.
 */
public enum EventType {
  /** The value is not a contract message: not JSON, not UTF-8, empty, a field missing or mistyped. */
  MALFORMED_RECORD,
  /** Fewer readings than the store's minimum (by size class). */
  INSUFFICIENT_DATA_POINTS,
  /** Older than its partition's watermark when it arrived. */
  LATE_DATA,
  /** A message id already seen within the dedup horizon. */
  DUPLICATE_MESSAGE,
  /** One reading outside its metric's range. */
  OUT_OF_RANGE,
  /** A store id that is not in the store metadata. */
  UNKNOWN_STORE,
  /** A store of the metadata that stopped sending for longer than the silence timeout. */
  STORE_SILENT
}
