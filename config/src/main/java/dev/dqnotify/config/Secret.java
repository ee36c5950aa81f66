package dev.dqnotify.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * A secret value such as a Datadog API key. Its {@link #toString()} is masked, so it never reaches
 * a log line, an exception message or a config dump by accident; only {@link #reveal()} gives the
 * value, at the one place that sends it.
 */
public final class Secret implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself. Call it only where the value is sent, never to print it. */
  public String reveal() {
    return value;
  }

  /** Whether the secret is empty. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "<masked>";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret && ((Secret) other).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
