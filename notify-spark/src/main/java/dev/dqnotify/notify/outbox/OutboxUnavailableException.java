package dev.dqnotify.notify.outbox;

/**
 * The outbox topic stayed unwritable for longer than the outage bound ({@link OutboxProducer}'s
 * {@code maxOutage}) within one write. The caller's batch fails; when it runs again it writes the
 * same event ids.
 */
public final class OutboxUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  OutboxUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
