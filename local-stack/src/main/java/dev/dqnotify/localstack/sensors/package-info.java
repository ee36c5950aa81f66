/**
 * The sensor simulator: contract messages for a fleet of stores, with injected data-quality
 * faults, and the ground truth of what the ingest job must report for them. May use
 * {@code dev.dqnotify.config}; it mirrors the ingest job's rules without depending on the job.
 *
 * <p>{@link dev.dqnotify.localstack.sensors.StoreFleet} (stores, sensors, the metadata CSV) →
 * {@link dev.dqnotify.localstack.sensors.SimulationPlan} (deterministic messages in send order, each
 * with its {@link dev.dqnotify.localstack.sensors.ExpectedEvent}s) →
 * {@link dev.dqnotify.localstack.sensors.SensorSimulator} (writes them to Kafka) →
 * {@link dev.dqnotify.localstack.sensors.GroundTruth} (expected events with Kafka positions; a JSON
 * manifest).
 *
 * <h2>Ground truth</h2>
 * It mirrors the ingest job's detectors ({@code ArrivalClassifier}, {@code SituationDetector},
 * {@code StoreSilenceDetector}) with the plan's {@link dev.dqnotify.localstack.sensors.Thresholds},
 * which the job must share. It holds for a job that reads the topic from its start with empty
 * state, whatever the partition count and however the job cuts its micro-batches:
 * <ul>
 *   <li>Regular messages come in ascending {@code sent_at}, so none is behind any partition's
 *       watermark. Each carries at least its store's minimum of readings (sometimes exactly it), all
 *       inside their ranges (limits included): it raises nothing.
 *   <li>MALFORMED_RECORD: one per malformed record (kinds in {@link
 *       dev.dqnotify.localstack.sensors.MessageKind#MALFORMED_KINDS}), nothing else. The event
 *       carries the ids the parser read before it failed; its identity is {@code topic/partition@offset}.
 *   <li>LATE_DATA: a new message of a sensor, right after that sensor's regular message of
 *       {@code sent_at = T}, with {@code sent_at = T − lateness − max(interval, 1 s) − lateness/2}.
 *       The sensor's messages share a partition (keyed by sensor id), so its watermark is at least
 *       {@code T − lateness}: the message is late under any partitioning. Only LATE_DATA.
 *   <li>DUPLICATE_MESSAGE: a byte-identical copy sent right after its (regular) original — never
 *       late, always within the horizon. Only the copy raises it (identity {@code id#copy2}).
 *   <li>INSUFFICIENT_DATA_POINTS: a regular message with its store's minimum − 1, half of it, or no
 *       readings. UNKNOWN_STORE: a message of a store missing from the metadata ({@code
 *       store-unlisted-NN}) with enough (default minimum) in-range readings. OUT_OF_RANGE: a regular
 *       message with one or two readings clearly outside their range — one event per reading.
 *   <li>STORE_SILENT: a store stops for good at a tick, early enough that at least silence timeout +
 *       lateness + two intervals of traffic follow. The job's clock is the newest on-time {@code
 *       sent_at} minus the lateness; the silence (identity {@code store@lastSeenMillis}) is attached to
 *       the first message that moves it past the store's last message by more than the timeout.
 *       The interval is at most half the timeout, so no store that keeps sending looks silent.
 * </ul>
 * The generator replays these rules while it lays a plan out and fails if the result differs from
 * the fault plan by one event.
 */
package dev.dqnotify.localstack.sensors;
