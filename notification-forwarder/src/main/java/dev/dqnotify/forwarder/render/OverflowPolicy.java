package dev.dqnotify.forwarder.render;

/** What happens to a notification whose text does not fit in one Datadog event. */
public enum OverflowPolicy {
  /** One event; the text is cut between lines and ends with a note of what was left out. */
  TRUNCATE,
  /** Several events titled "1/n", "2/n", …; together they carry every line exactly once. */
  PAGINATE
}
