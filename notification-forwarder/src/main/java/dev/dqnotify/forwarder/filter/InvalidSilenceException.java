package dev.dqnotify.forwarder.filter;

/**
 * A mistake in a {@code silence.*} setting; {@link #key()} names the full key, so the configuration
 * error can point at it.
 */
public final class InvalidSilenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  InvalidSilenceException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The key whose value is wrong, e.g. {@code silence.store-42.match}. */
  public String key() {
    return key;
  }
}
