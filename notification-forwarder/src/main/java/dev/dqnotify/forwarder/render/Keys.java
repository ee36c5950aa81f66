package dev.dqnotify.forwarder.render;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Identifiers derived from a notification id that must stay unique within a length limit. */
final class Keys {

  private Keys() {}

  /** The notification id itself, or a hash of it when it is too long for Datadog. */
  static String aggregationKey(String notificationId) {
    return notificationId.length() <= DatadogEvent.MAX_AGGREGATION_KEY_LENGTH
        ? notificationId
        : "dqnotify-" + shortHash(notificationId);
  }

  /**
   * 128 bits of SHA-256 as 32 lowercase hex digits: short, and still collision-free in practice.
   */
  static String shortHash(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
