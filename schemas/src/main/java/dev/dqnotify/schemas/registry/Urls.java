package dev.dqnotify.schemas.registry;

import dev.dqnotify.config.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** URL text helpers that keep credentials out of anything a person or a log may read. */
final class Urls {

  // Everything between "scheme://" and the last '@' before the path is user-info.
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

  private Urls() {}

  /** {@code url} without its user-info, so it can go into messages. */
  static String withoutUserInfo(String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1");
  }

  /** {@code url} with its user-info replaced by a marker, for messages about a bad URL. */
  static String masked(String url) {
    return Redaction.maskUserInfo(url);
  }

  /** Percent-encodes {@code value} as one path segment (a subject may contain '/' or spaces). */
  static String pathSegment(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
