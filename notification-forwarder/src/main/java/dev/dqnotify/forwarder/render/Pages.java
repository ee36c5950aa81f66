package dev.dqnotify.forwarder.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Fitting a notification's lines into Datadog's text limit, by truncating or by paginating.
 *
 * <p>Text is laid out in {@link Block}s: lines that belong together (a code block, a table's header
 * and first row). Blocks are never split and never exceed a page, so every line lands whole in
 * exactly one page. A table row that opens a page repeats the table header ({@link Block#reopen()})
 * because markdown has no table without one.
 */
final class Pages {

  private static final String OPEN = "%%% \n";
  private static final String CLOSE = "\n %%%";

  /** Room for lines inside the markdown wrapper. */
  static final int BODY_CAPACITY = DatadogEvent.MAX_TEXT_LENGTH - OPEN.length() - CLOSE.length();

  // The longest omission note there can be, plus the blank line that ends a table before it.
  private static final int NOTE_RESERVE =
      2 + omissionNote(Integer.MAX_VALUE, Long.MAX_VALUE).length();

  private Pages() {}

  /**
   * Lines that stay together.
   *
   * @param lines the content
   * @param reopen lines to repeat before the content when it opens a page (a table header)
   */
  record Block(List<String> lines, List<String> reopen) {
    Block {
      lines = List.copyOf(lines);
      reopen = List.copyOf(reopen);
    }

    static Block of(String... lines) {
      return new Block(List.of(lines), List.of());
    }

    int length() {
      return joinedLength(lines);
    }
  }

  /** The lines as Datadog markdown text. */
  static String wrap(List<String> lines) {
    StringJoiner text = new StringJoiner("\n", OPEN, CLOSE); // one exact-size copy
    for (String line : lines) {
      text.add(line);
    }
    return text.toString();
  }

  /** The blocks spread over as many pages as needed, each at most {@code capacity} long. */
  static List<List<String>> paginate(List<Block> blocks, int capacity) {
    List<List<String>> pages = new ArrayList<>();
    List<String> page = new ArrayList<>();
    int used = 0;
    for (Block block : blocks) {
      if (!page.isEmpty() && used + 1 + block.length() > capacity) {
        pages.add(page);
        page = new ArrayList<>(block.reopen());
        used = joinedLength(page);
      }
      used += (page.isEmpty() ? 0 : 1) + block.length();
      page.addAll(block.lines());
    }
    pages.add(page);
    return pages;
  }

  /**
   * The blocks that fit in {@code capacity}; when not all do, the leading ones that fit and a note
   * of how many lines and characters were left out.
   */
  static List<String> truncate(List<Block> blocks, int capacity) {
    List<String> all = lines(blocks);
    if (joinedLength(all) <= capacity) {
      return all;
    }
    List<String> kept = new ArrayList<>();
    int used = 0;
    int next = 0;
    for (; next < blocks.size(); next++) {
      int length = (kept.isEmpty() ? 0 : 1) + blocks.get(next).length();
      if (used + length + NOTE_RESERVE > capacity) {
        break;
      }
      kept.addAll(blocks.get(next).lines());
      used += length;
    }
    List<String> omitted = lines(blocks.subList(next, blocks.size()));
    kept.add("");
    kept.add(omissionNote(omitted.size(), joinedLength(omitted)));
    return kept;
  }

  static String omissionNote(int lines, long characters) {
    return String.format(
        Locale.ROOT,
        "… %,d more %s (%,d characters) not shown",
        lines,
        lines == 1 ? "line" : "lines",
        characters);
  }

  private static List<String> lines(List<Block> blocks) {
    int count = 0;
    for (Block block : blocks) {
      count += block.lines().size();
    }
    List<String> lines = new ArrayList<>(count);
    for (Block block : blocks) {
      lines.addAll(block.lines());
    }
    return lines;
  }

  private static int joinedLength(List<String> lines) {
    int length = Math.max(0, lines.size() - 1);
    for (String line : lines) {
      length += line.length();
    }
    return length;
  }
}
