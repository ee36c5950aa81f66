package dev.dqnotify.forwarder.render;

import java.text.BreakIterator;
import java.util.Locale;

/** Cutting text without splitting a user-perceived character (surrogate pair, combining marks). */
final class Graphemes {

  private Graphemes() {}

  /**
   * The longest prefix of {@code s} that ends on a character boundary and is at most {@code max}.
   */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    if (max <= 0) {
      return "";
    }
    BreakIterator boundaries = BreakIterator.getCharacterInstance(Locale.ROOT);
    boundaries.setText(s);
    int end = boundaries.isBoundary(max) ? max : boundaries.preceding(max);
    // BreakIterator already keeps pairs together; this holds the promise even for text it misreads.
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, Math.max(end, 0));
  }

  /** {@code s}, or its first characters followed by "…", at most {@code max} long. */
  static String ellipsize(String s, int max) {
    return s.length() <= max ? s : cut(s, max - 1) + "…";
  }
}
