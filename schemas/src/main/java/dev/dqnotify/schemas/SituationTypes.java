package dev.dqnotify.schemas;

import java.util.Arrays;

/**
 * The name of an event's type, the one way every reader (tags, grouping, routes, text) sees it: a
 * built-in type's symbol ({@code LATE_DATA}), or for {@link DqEventType#JOB_DEFINED} the job's own
 * name from {@code situation_type} ({@code PAYMENT_AMOUNT_NEGATIVE}; version 3, docs/schemas.md).
 */
public final class SituationTypes {

  private SituationTypes() {}

  /**
   * {@code event}'s type name. A {@code JOB_DEFINED} event without a {@code situation_type} (a
   * symbol of a later version, read through the enum default) is named {@code JOB_DEFINED}.
   */
  public static String nameOf(DqEvent event) {
    String situation = event.getSituationType();
    if (event.getEventType() == DqEventType.JOB_DEFINED && situation != null && !situation.isBlank()) {
      return situation;
    }
    return event.getEventType().name();
  }

  /** Whether {@code name} is a built-in type's symbol (any case); {@code JOB_DEFINED} is not one. */
  public static boolean isBuiltIn(String name) {
    return Arrays.stream(DqEventType.values())
        .anyMatch(t -> t != DqEventType.JOB_DEFINED && t.name().equalsIgnoreCase(name));
  }
}
