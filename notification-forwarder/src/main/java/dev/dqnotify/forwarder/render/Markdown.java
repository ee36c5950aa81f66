package dev.dqnotify.forwarder.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Turning arbitrary strings into Datadog markdown that shows them literally.
 *
 * <p>Every function here at most doubles the length of its input, which is what the length budgets
 * in {@link NotificationText} rely on.
 */
final class Markdown {

  // Characters that would otherwise start emphasis, code, links, HTML or end a table cell.
  private static final String ESCAPED = "\\`*_~[]<>|";
  private static final String FENCE = "```";
  // Zero-width space: separates characters whose runs mean something ("```" closes the code block,
  // "%%%" ends Datadog's markdown mode) while looking unchanged to the reader.
  private static final char ZWSP = '\u200B';

  /** {@link #ESCAPED} as a lookup by character. */
  private static final boolean[] ESCAPED_ASCII = new boolean[128];

  static {
    for (char c : ESCAPED.toCharArray()) {
      ESCAPED_ASCII[c] = true;
    }
  }

  private Markdown() {}

  /** {@code s} as one line of escaped inline markdown, safe inside a table cell. */
  static String inline(String s) {
    int first = firstChanged(s);
    if (first < 0) {
      return s; // nothing to escape or replace
    }
    // Per UTF-16 unit, which is exact: every character changed here is in the BMP, and surrogates
    // are never among them. What precedes the first change is copied as it is.
    StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
    char previous = first > 0 ? s.charAt(first - 1) : 0;
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (breaksLine(c)) {
        c = ' ';
      } else if (c == '%' && previous == '%') {
        out.append(ZWSP);
      } else if (c < 0x80 && ESCAPED_ASCII[c]) {
        out.append('\\');
      }
      out.append(c);
      previous = c;
    }
    return out.toString();
  }

  /**
   * Where {@link #inline} may first change {@code s}: a character it escapes, a line break or
   * control character, a {@code %}; -1 when there is none.
   */
  private static int firstChanged(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (breaksLine(c) || c == '%' || (c < 0x80 && ESCAPED_ASCII[c])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code s} on one line as plain text, for titles (which Datadog does not render as markdown).
   */
  static String plainLine(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (breaksLine(cp) && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.appendCodePoint(breaksLine(cp) ? ' ' : cp);
      }
      i += Character.charCount(cp);
    }
    return out == null ? s : out.toString();
  }

  /** {@code s} as a fenced code block, its lines kept, unable to close the fence early. */
  static List<String> codeBlock(String s) {
    List<String> lines = new ArrayList<>();
    lines.add(FENCE);
    for (String line : lines(s)) {
      if (isPlainCode(line)) {
        lines.add(line); // the loop below would copy it unchanged
        continue;
      }
      StringBuilder out = new StringBuilder(line.length() + 8);
      int previous = -1;
      for (int i = 0; i < line.length(); ) {
        int cp = line.codePointAt(i);
        i += Character.charCount(cp);
        if (cp != '\t' && Character.isISOControl(cp)) {
          cp = ' ';
        } else if ((cp == '`' || cp == '%') && cp == previous) {
          out.append(ZWSP);
        }
        out.appendCodePoint(cp);
        previous = cp;
      }
      lines.add(out.toString());
    }
    lines.add(FENCE);
    return lines;
  }

  /**
   * Whether {@link #codeBlock} keeps {@code line} as it is: no control character but tab, no
   * doubled {@code `} or {@code %}. Exact per UTF-16 unit: control characters are in the BMP.
   */
  private static boolean isPlainCode(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c != '\t' && Character.isISOControl(c))
          || ((c == '`' || c == '%') && i > 0 && line.charAt(i - 1) == c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A type name as inline code when it is a plain name (letters, digits, {@code _}), as a job-defined
   * {@code situation_type} is; anything else a foreign writer put there as escaped text.
   */
  static String code(String name) {
    return name.matches("[A-Za-z0-9_]{1,100}") ? "`" + name + "`" : inline(name);
  }

  /** An enum constant as inline code; constant names need no escaping. */
  static String code(Enum<?> constant) {
    return "`" + constant.name() + "`";
  }

  /** {@code s} split at line breaks as regex {@code \\R} matches them, trailing empty lines kept. */
  private static List<String> lines(String s) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '\n' && c <= '\r') || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        lines.add(s.substring(start, i));
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    lines.add(s.substring(start));
    return lines;
  }

  private static boolean breaksLine(int cp) {
    return Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029';
  }
}
