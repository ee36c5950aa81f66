package dev.dqnotify.localstack.datadog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The query of an {@code event-v2 alert} monitor, read the way Datadog reads it:
 *
 * <pre>{@code
 * events("<search>")[.index("<index>")]
 *     .rollup("<aggregation>"[, "<measure>"])
 *     [.by("<facet>[,<facet>…]")]
 *     .last("<window>") <comparator> <threshold>
 * }</pre>
 *
 * A hand-written reader rather than one regular expression, so that a rejected query is told which
 * part is wrong, as Datadog's own 400s do.
 *
 * @param search the event search inside {@code events("…")}, unescaped
 * @param matcher {@code search}, read ({@link EventSearch})
 * @param aggregation {@code count}, {@code cardinality} or {@code avg}: Datadog's Monitors API
 *     reference lists these three roll-up methods for an Event V2 alert query
 * @param measure the facet or measure of {@code cardinality} and {@code avg}; null for {@code count}
 * @param groupBy the facets of {@code .by(…)}, empty for a simple alert
 * @param window the evaluation window of {@code .last(…)}
 * @param comparator {@code >}, {@code >=}, {@code <}, {@code <=}, {@code ==} or {@code !=}
 * @param threshold the number the rollup is compared with
 */
record EventMonitorQuery(
    String search,
    EventSearch matcher,
    String aggregation,
    String measure,
    List<String> groupBy,
    Duration window,
    String comparator,
    BigDecimal threshold) {

  static final Duration MIN_WINDOW = Duration.ofMinutes(1);
  static final Duration MAX_WINDOW = Duration.ofHours(48);
  static final int MAX_GROUP_BY_FACETS = 4;

  static final String SHAPE =
      "events(\"<search>\").rollup(\"count\").by(\"<facet>\").last(\"5m\") > 0";

  private static final Set<String> MEASURED = Set.of("cardinality", "avg");
  private static final List<String> COMPARATORS = List.of(">=", "<=", "==", "!=", ">", "<");

  /** Whether {@code value} meets the alert condition {@code <comparator> <threshold>}. */
  boolean breaches(BigDecimal value) {
    int c = value.compareTo(threshold);
    return switch (comparator) {
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case "==" -> c == 0;
      case "!=" -> c != 0;
      default -> throw new IllegalStateException("comparator " + comparator);
    };
  }

  /**
   * Reads {@code query}.
   *
   * @throws IllegalArgumentException saying which part of the query is wrong
   */
  static EventMonitorQuery parse(String query) {
    return new Reader(query).read();
  }

  /** A cursor over the query text; every {@code expect…} fails with the expected shape. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text.strip();
    }

    EventMonitorQuery read() {
      expect("events(");
      int searchAt = at;
      String search = quoted("the event search of events(…)");
      EventSearch matcher;
      try {
        matcher = EventSearch.parse(search);
      } catch (IllegalArgumentException e) {
        throw fail("the event search at position " + searchAt + " is invalid: " + e.getMessage());
      }
      expect(")");
      if (text.startsWith(".index(", at)) {
        expect(".index(");
        quoted("the index of .index(…)");
        expect(")");
      }
      expect(".rollup(");
      String aggregation = quoted("the aggregation of .rollup(…)");
      String measure = null;
      if (peekAfterSpaces(',')) {
        skipSpaces();
        at++;
        skipSpaces();
        measure = quoted("the measure of .rollup(…)");
      }
      expect(")");
      checkAggregation(aggregation, measure != null);
      List<String> groupBy = List.of();
      if (text.startsWith(".by(", at)) {
        expect(".by(");
        groupBy = facets(quoted("the facets of .by(…)"));
        expect(")");
      }
      expect(".last(");
      Duration window = window(quoted("the window of .last(…)"));
      expect(")");
      skipSpaces();
      String comparator = comparator();
      skipSpaces();
      BigDecimal threshold = threshold(text.substring(at).strip());
      return new EventMonitorQuery(
          search, matcher, aggregation, measure, groupBy, window, comparator, threshold);
    }

    private void expect(String part) {
      if (!text.startsWith(part, at)) {
        throw fail("expected '" + part + "' at position " + at);
      }
      at += part.length();
    }

    /** A double-quoted string; {@code \"} and {@code \\} stand for themselves. */
    private String quoted(String what) {
      if (at >= text.length() || text.charAt(at) != '"') {
        throw fail(what + " must be a double-quoted string (position " + at + ")");
      }
      StringBuilder value = new StringBuilder();
      int end = EventSearch.readQuoted(text, at, value);
      if (end >= 0) {
        at = end;
        return value.toString();
      }
      throw fail(what + " has no closing quote");
    }

    private boolean peekAfterSpaces(char c) {
      int i = at;
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      return i < text.length() && text.charAt(i) == c;
    }

    private void skipSpaces() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private String comparator() {
      for (String comparator : COMPARATORS) {
        if (text.startsWith(comparator, at)) {
          at += comparator.length();
          return comparator;
        }
      }
      throw fail(
          "expected a comparator (one of " + String.join(" ", COMPARATORS) + ") after .last(…)");
    }

    private IllegalArgumentException fail(String reason) {
      return new IllegalArgumentException(
          "Invalid event-v2 alert query: " + reason + "; expected the shape " + SHAPE);
    }

    private void checkAggregation(String aggregation, boolean measured) {
      if (aggregation.equals("count")) {
        if (measured) {
          throw fail("rollup(\"count\") takes no measure");
        }
      } else if (MEASURED.contains(aggregation)) {
        if (!measured) {
          throw fail(
              "rollup(\""
                  + aggregation
                  + "\") needs a measure, e.g. rollup(\""
                  + aggregation
                  + "\", \"@duration\")");
        }
      } else {
        throw fail(
            "unknown aggregation '"
                + aggregation
                + "' in .rollup(…): Datadog supports count, avg and cardinality");
      }
    }

    private List<String> facets(String value) {
      List<String> facets = new ArrayList<>();
      for (String facet : value.split(",", -1)) {
        if (facet.isBlank()) {
          throw fail(".by(\"" + value + "\") names an empty facet");
        }
        facets.add(facet.strip());
      }
      if (facets.size() > MAX_GROUP_BY_FACETS) {
        throw fail(
            ".by(…) groups by "
                + facets.size()
                + " facets; at most "
                + MAX_GROUP_BY_FACETS
                + " are allowed");
      }
      return List.copyOf(facets);
    }

    private Duration window(String value) {
      Duration window = null;
      if (value.length() >= 2) {
        String amount = value.substring(0, value.length() - 1);
        char unit = value.charAt(value.length() - 1);
        if (amount.chars().allMatch(Character::isDigit) && amount.length() <= 6) {
          long n = Long.parseLong(amount);
          window =
              switch (unit) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> null;
              };
        }
      }
      if (window == null) {
        throw fail(
            "window '"
                + value
                + "' must be a whole number of minutes (m), hours (h) or"
                + " days (d), e.g. \"5m\"");
      }
      if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
        throw fail("window '" + value + "' must be between 1m and 48h");
      }
      return window;
    }

    private BigDecimal threshold(String value) {
      try {
        return new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw fail("threshold '" + value + "' after the comparator is not a number");
      }
    }
  }
}
