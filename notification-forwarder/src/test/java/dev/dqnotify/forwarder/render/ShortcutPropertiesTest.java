package dev.dqnotify.forwarder.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The hot path returns strings that need no change as they are (escaping, code blocks, titles,
 * tags). These properties hold the shortcuts to the rules written out in full, character by
 * character, on inputs that are mostly plain (the shortcut taken) and sometimes not.
 */
class ShortcutPropertiesTest {

  private static final String ESCAPED = "\\`*_~[]<>|";

  @Property(tries = 2000)
  void inlineEscapesExactlyAsTheFullRules(@ForAll("mostlyPlain") String s) {
    assertThat(Markdown.inline(s)).isEqualTo(inlineByTheRules(s));
  }

  @Property(tries = 2000)
  void codeBlocksKeepExactlyWhatTheFullRulesKeep(@ForAll("mostlyPlain") String s) {
    assertThat(Markdown.codeBlock(s)).isEqualTo(codeBlockByTheRules(s));
  }

  @Property(tries = 2000)
  void titlesAreOneLineExactlyAsTheFullRules(@ForAll("mostlyPlain") String s) {
    StringBuilder expected = new StringBuilder();
    s.codePoints().forEach(cp -> expected.appendCodePoint(breaksLine(cp) ? ' ' : cp));
    assertThat(Markdown.plainLine(s)).isEqualTo(expected.toString());
  }

  @Property(tries = 2000)
  void tagsAreSanitisedExactlyAsTheFullRules(@ForAll("tagLike") String s) {
    assertThat(Tags.sanitize(s)).isEqualTo(sanitizeByTheRules(s));
  }

  @Provide
  Arbitrary<String> mostlyPlain() {
    Arbitrary<Character> plain = Arbitraries.chars().range(' ', '~').filter(c -> ESCAPED.indexOf(c) < 0 && c != '%');
    Arbitrary<Character> special =
        Arbitraries.of('`', '%', '|', '\\', '*', '_', '\n', '\r', '\t', '\u000B', '\f', '\u0000', '\u007F', '\u0085',
            '\u009F', '\u00A0', '\u2028', '\u2029', '\u200B', 'é', '\uD83D', '\uDE00');
    Arbitrary<Character> anyChar =
        Arbitraries.frequencyOf(Tuple.of(30, plain), Tuple.of(1, special));
    return anyChar.list().ofMaxSize(60).map(ShortcutPropertiesTest::join);
  }

  @Provide
  Arbitrary<String> tagLike() {
    Arbitrary<Character> allowed = Arbitraries.of("abcdefghijklmnopqrstuvwxyz0123456789_-:./".toCharArray());
    Arbitrary<Character> other = Arbitraries.of('A', 'Z', ' ', '!', 'é', 'É', '\u0301', 'ß', '東', '\uD83D', '\uDE00', '|', '٣');
    Arbitrary<Character> anyChar = Arbitraries.frequencyOf(Tuple.of(40, allowed), Tuple.of(1, other));
    return Arbitraries.oneOf(
        anyChar.list().ofMaxSize(40).map(ShortcutPropertiesTest::join),
        anyChar.list().ofMinSize(195).ofMaxSize(210).map(ShortcutPropertiesTest::join));
  }

  private static String join(List<Character> chars) {
    StringBuilder s = new StringBuilder(chars.size());
    chars.forEach(s::append);
    return s.toString();
  }

  private static String inlineByTheRules(String s) {
    StringBuilder out = new StringBuilder();
    int previous = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (breaksLine(cp)) {
        cp = ' ';
      } else if (cp == '%' && previous == '%') {
        out.append('\u200B');
      } else if (ESCAPED.indexOf(cp) >= 0) {
        out.append('\\');
      }
      out.appendCodePoint(cp);
      previous = cp;
    }
    return out.toString();
  }

  private static List<String> codeBlockByTheRules(String s) {
    List<String> lines = new ArrayList<>(List.of("```"));
    for (String line : s.split("\\R", -1)) {
      StringBuilder out = new StringBuilder();
      int previous = -1;
      for (int i = 0; i < line.length(); ) {
        int cp = line.codePointAt(i);
        i += Character.charCount(cp);
        if (cp != '\t' && Character.isISOControl(cp)) {
          cp = ' ';
        } else if ((cp == '`' || cp == '%') && cp == previous) {
          out.append('\u200B');
        }
        out.appendCodePoint(cp);
        previous = cp;
      }
      lines.add(out.toString());
    }
    lines.add("```");
    return lines;
  }

  private static String sanitizeByTheRules(String raw) {
    String lower = Normalizer.normalize(raw, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lower.length(); ) {
      int cp = lower.codePointAt(i);
      i += Character.charCount(cp);
      if (out.length() == 0 && !Character.isLetter(cp)) {
        continue;
      }
      boolean allowed = Character.isLetterOrDigit(cp) || "_-:./".indexOf(cp) >= 0;
      int kept = allowed ? cp : '_';
      if (out.length() + Character.charCount(kept) > Tags.MAX_LENGTH) {
        break;
      }
      out.appendCodePoint(kept);
    }
    while (out.length() > 0 && out.charAt(out.length() - 1) == ':') {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  private static boolean breaksLine(int cp) {
    return Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029';
  }
}
