package dev.dqnotify.forwarder.group;

/** Whether each {@code DqEvent} becomes its own notification or a group's events share one. */
public enum GroupingMode {
  /** One notification per event, released as soon as the event arrives. */
  PER_EVENT,
  /** One notification per group, released after {@code group_wait} or when the group is full. */
  DIGEST
}
