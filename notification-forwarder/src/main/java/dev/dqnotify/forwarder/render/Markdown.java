package dev.dqnotify.forwarder.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
  private static final Pattern LINE_BREAK = Pattern.compile("\\R");

  /** ASCII characters {@link #inline} changes: controls, {@code %} and {@link #ESCAPED}. */
  private static final boolean[] CHANGED_ASCII = new boolean[128];

  static {
    for (char c = 0; c < 0x20; c++) {
      CHANGED_ASCII[c] = true;
    }
    CHANGED_ASCII[0x7F] = true;
    CHANGED_ASCII['%'] = true;
    for (char c : ESCAPED.toCharArray()) {
      CHANGED_ASCII[c] = true;
    }
  }

  private Markdown() {}

  /** {@code s} as one line of escaped inline markdown, safe inside a table cell. */
  static String inline(String s) {
    if (isPlain(s)) {
      return s; // nothing to escape or replace: the loop below would copy it unchanged
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    int previous = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (breaksLine(cp)) {
        cp = ' ';
      } else if (cp == '%' && previous == '%') {
        out.append(ZWSP);
      } else if (ESCAPED.indexOf(cp) >= 0) {
        out.append('\\');
      }
      out.appendCodePoint(cp);
      previous = cp;
    }
    return out.toString();
  }

  /**
   * Whether {@link #inline} leaves {@code s} as it is: no character it escapes, no line break or
   * control character, no {@code %}. Checked per UTF-16 unit, which is exact: every character
   * {@code inline} changes is in the BMP, and surrogates are never among them.
   */
  private static boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 ? CHANGED_ASCII[c] : (c <= 0x9F || c == '\u2028' || c == '\u2029')) {
        return false;
      }
    }
    return true;
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
    for (String line : LINE_BREAK.split(s, -1)) {
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

  /** An enum constant as inline code; constant names need no escaping. */
  static String code(Enum<?> constant) {
    return "`" + constant.name() + "`";
  }

  private static boolean breaksLine(int cp) {
    return Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029';
  }
}
