package dev.dqnotify.forwarder.deliver;

import dev.dqnotify.forwarder.render.DatadogEvent;
import java.util.List;

/** Rendered events as the render stage would hand them over, for delivery tests. */
final class TestEvents {

  private TestEvents() {}

  /** A valid event for notification {@code id}. */
  static DatadogEvent event(String id) {
    return new DatadogEvent(
        id,
        1,
        1,
        "[dq] orders: null_rate above threshold (" + id + ")",
        "%%% \nNull rate of `customer_id` is **12 %** (threshold 5 %)\n %%%",
        List.of("team:payments", "env:prod", "source:dqnotify", "notification_id:" + id),
        "error",
        "normal",
        "dq-" + id);
  }
}
