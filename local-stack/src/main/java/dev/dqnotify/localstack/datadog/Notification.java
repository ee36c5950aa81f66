package dev.dqnotify.localstack.datadog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * A notification an evaluated monitor sent to one {@code @teams-…}, {@code @slack-…} or {@code
 * @opsgenie-…} handle: what Datadog would have posted to that channel.
 *
 * @param id increasing from 1 in the order notifications were sent; never reused
 * @param monitorId the monitor's id
 * @param monitorName the monitor's name when it notified
 * @param group the multi-alert group, {@code facet:value[,facet:value…]} in {@code .by(…)} order, or
 *     {@code *} for a simple alert
 * @param transition why it was sent
 * @param handle the handle, with its {@code @}, e.g. {@code @teams-data-quality}
 * @param message the monitor message rendered for this transition and group
 * @param eventId the id of the event the message's {@code {{event.…}}} variables came from (the
 *     group's most recent matching event), or null when the group had none in the window
 * @param value the value the group evaluated to
 * @param at the evaluation time, by the simulator's clock
 */
public record Notification(
    long id,
    long monitorId,
    String monitorName,
    String group,
    Transition transition,
    String handle,
    String message,
    Long eventId,
    BigDecimal value,
    Instant at) {

  /** The state change, or the lasting alert, that sent a notification. */
  public enum Transition {
    /** The group went from OK to ALERT. */
    ALERT,
    /** The group is still in ALERT and {@code options.renotify_interval} minutes have passed. */
    RENOTIFY,
    /** The group went from ALERT back to OK. */
    RECOVERY;

    /** The name in the admin API's JSON: {@code alert}, {@code renotify}, {@code recovery}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
