package dev.dqnotify.localstack.datadog;

import java.util.concurrent.atomic.AtomicReference;

/** The one API key the simulator accepts; changeable while it runs, as when a key is rotated. */
final class ApiKey {

  private final AtomicReference<String> value;

  ApiKey(String initial) {
    this.value = new AtomicReference<>(checked(initial));
  }

  void set(String key) {
    value.set(checked(key));
  }

  boolean matches(String presented) {
    return value.get().equals(presented);
  }

  private static String checked(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("API key must not be blank");
    }
    return key;
  }
}
