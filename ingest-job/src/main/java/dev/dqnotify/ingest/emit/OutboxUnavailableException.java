package dev.dqnotify.ingest.emit;

/**
 * The outbox topic stayed unwritable for longer than {@code outbox.max-outage} within one batch. The
 * batch fails, the query stops and the job exits with its own code; after a restart the batch runs
 * again and writes the same event ids.
 */
public final class OutboxUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  OutboxUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
