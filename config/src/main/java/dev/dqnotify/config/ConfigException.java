package dev.dqnotify.config;

/**
 * A configuration mistake found at start-up. The message names the key, the value given and what
 * would be valid, so that whoever reads it at 3 a.m. knows what to change.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /** A mistake in the value of {@code key}. */
  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The key whose value is wrong. */
  public String key() {
    return key;
  }
}
