package dev.dqnotify.schemas.codec;

/** How the codec finds the schema id for the records it writes. */
public enum RegistrationMode {
  /**
   * Register the schema under the subject (idempotent) — Confluent's {@code
   * auto.register.schemas=true}, the default.
   */
  AUTO_REGISTER,
  /**
   * Only look the schema up; fail if it is not registered — for producers that may not register
   * (Confluent's {@code auto.register.schemas=false}).
   */
  LOOKUP_ONLY
}
