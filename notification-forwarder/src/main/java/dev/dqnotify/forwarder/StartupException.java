package dev.dqnotify.forwarder;

/**
 * The forwarder cannot start because something outside it is not as configured or does not answer:
 * a topic is missing, the registry's path is wrong, Kafka or the registry is unreachable. The
 * message says what is wrong and which setting to check; it is printed without a stack trace.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean configuration;

  private StartupException(String message, boolean configuration, Throwable cause) {
    super(message, cause);
    this.configuration = configuration;
  }

  /** A mistake restarting cannot fix (a missing topic, a wrong registry path or credentials): exit 2. */
  static StartupException misconfigured(String message, Throwable cause) {
    return new StartupException(message, true, cause);
  }

  /** Something that did not answer and may come back (Kafka, the registry): exit 1, so a supervisor restarts. */
  static StartupException unavailable(String message, Throwable cause) {
    return new StartupException(message, false, cause);
  }

  /** Whether restarting cannot help until an operator fixes the configuration or the topics. */
  public boolean configuration() {
    return configuration;
  }
}
