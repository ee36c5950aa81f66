package dev.dqnotify.forwarder.dedupe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dedupe state reports, in the shape of every forwarder telemetry type: meters registered
 * once, here, and one method per notable happening that moves its metric and writes its log line.
 * Scraped as {@code dqnotify_forwarder_dedupe_entries} and {@code
 * dqnotify_forwarder_dedupe_evicted_total}.
 *
 * <p>Not thread-safe, as the {@link Deduplicator} it reports on.
 */
final class DedupeTelemetry {

  static final String ENTRIES = "dqnotify.forwarder.dedupe.entries";
  static final String EVICTED = "dqnotify.forwarder.dedupe.evicted";

  /** Every this many evictions the warning is repeated (and on the first). */
  private static final long WARN_EVERY = 10_000;

  private static final Logger log = LoggerFactory.getLogger(Deduplicator.class);

  private final Counter evicted;
  private long evictions;

  DedupeTelemetry(MeterRegistry registry, Deduplicator state) {
    Gauge.builder(ENTRIES, state, Deduplicator::size)
        .description("event ids remembered for deduplication").register(registry);
    evicted = Counter.builder(EVICTED)
        .description("event ids forgotten before the horizon because dedupe.max-entries was reached")
        .register(registry);
  }

  /** An id seen at {@code seenAt} was forgotten before the horizon because the state held {@code maxEntries}. */
  void evicted(int maxEntries, Instant seenAt) {
    evicted.increment();
    evictions++;
    if (evictions == 1 || evictions % WARN_EVERY == 0) {
      log.warn("Dedupe state is full ({} ids, dedupe.max-entries): forgot an id seen {} before the horizon; a repeat "
          + "of it would be notified again. {} ids evicted so far", maxEntries, seenAt, evictions);
    }
  }
}
