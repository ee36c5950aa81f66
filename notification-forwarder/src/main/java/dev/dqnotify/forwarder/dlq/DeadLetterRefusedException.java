package dev.dqnotify.forwarder.dlq;

/**
 * A dead letter that cannot be written: the dead-letter topic refused it for a reason retrying
 * cannot change (record too large, not authorised, invalid topic), or a retriable failure (the
 * topic's metadata missing, the broker away) outlasted {@code dlq.max-retry-time}. The original
 * record cannot reach a terminal outcome, so the forwarder stops rather than consume further and
 * repeat ever more after a restart. The message names the record, the topic, the cause and the fix.
 */
public final class DeadLetterRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;

  DeadLetterRefusedException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  /**
   * Whether the topic refused the record outright (an operator must change the topic, its ACLs or
   * the producer's limits), as opposed to a failure that outlasted the retry time (a restart may
   * find it gone; the start-up checks name a missing topic).
   */
  public boolean permanent() {
    return permanent;
  }
}
