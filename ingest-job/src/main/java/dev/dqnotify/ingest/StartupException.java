package dev.dqnotify.ingest;

/**
 * The job cannot start because something outside it is not as configured: a topic is missing, the
 * broker or the registry does not answer, the store metadata cannot be read. The message says what
 * is wrong and which setting to check; it is printed without a stack trace.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
