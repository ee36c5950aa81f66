package dev.dqnotify.forwarder.render;

import java.util.List;
import java.util.Objects;

/**
 * How {@link DatadogEventRenderer} shapes events.
 *
 * @param overflow what to do with text over Datadog's 4000-character limit
 * @param extraTags tags added to every event (e.g. {@code service:dq-forwarder}); sanitised to
 *     Datadog's tag rules like the rest
 */
public record RenderSettings(OverflowPolicy overflow, List<String> extraTags) {

  /** Rejects nulls and takes an immutable copy of the tags. */
  public RenderSettings {
    Objects.requireNonNull(overflow, "overflow");
    extraTags = List.copyOf(Objects.requireNonNull(extraTags, "extra_tags"));
  }

  /** TRUNCATE (one Datadog event per notification), no extra tags. */
  public static RenderSettings defaults() {
    return new RenderSettings(OverflowPolicy.TRUNCATE, List.of());
  }
}
