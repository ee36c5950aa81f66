package dev.dqnotify.localstack.datadog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The search inside {@code events("…")}, read with Datadog's event search syntax (Event Management
 * → Explorer → Search syntax, which defers to Log Management → Log search syntax):
 *
 * <ul>
 *   <li>Terms: {@code key:value}, {@code key:"quoted value"}, {@code key:(a OR b)}, free text
 *       {@code word} or {@code "a phrase"}, {@code *} (everything), {@code *:value} (any tag or
 *       attribute value, the title or the text).
 *   <li>Operators, case-sensitive: {@code AND} (also implicit between terms), {@code OR}, {@code
 *       NOT} and {@code -} before a term or a parenthesised group; {@code AND} binds tighter than
 *       {@code OR}.
 *   <li>Outside quotes {@code *} matches any characters and {@code ?} one; {@code \} escapes the
 *       next character.
 *   <li>{@code source}, {@code host}, {@code status}, {@code service} and {@code message} are
 *       reserved attributes: {@code source:x} searches the event's source ({@code
 *       source_type_name}), never a tag {@code source:x}. {@code tags:("source:x")} and {@code
 *       tags:(a:b OR c)} search tags literally, whatever their key. Other keys search tags.
 *   <li>Tags are compared with the event's lower-cased tags, exactly (a search value in upper case
 *       matches nothing); attributes as Datadog stores them, case-sensitively. Free text is
 *       searched case-insensitively in the title and the text: an unquoted word must match a whole
 *       word, a quoted phrase may occur anywhere.
 *   <li>{@code @attribute:value} searches an event attribute; events posted to the v1 API have none
 *       the search could find, so it matches nothing.
 * </ul>
 *
 * An empty search matches every event. A search with unbalanced parentheses or quotes, an operator
 * without a term or a key without a value is refused when it is parsed.
 */
final class EventSearch {

  private final String text;
  private final Node root;

  private EventSearch(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Reads {@code search}.
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  static EventSearch parse(String search) {
    List<Token> tokens = new Lexer(search).tokens();
    return new EventSearch(search, new Parser(tokens).parse());
  }

  boolean matches(SearchableEvent event) {
    return root.matches(event);
  }

  @Override
  public String toString() {
    return text;
  }

  // ---- matching ----

  private sealed interface Node {
    boolean matches(SearchableEvent event);
  }

  private record All() implements Node {
    @Override
    public boolean matches(SearchableEvent event) {
      return true;
    }
  }

  private record And(List<Node> nodes) implements Node {
    @Override
    public boolean matches(SearchableEvent event) {
      return nodes.stream().allMatch(node -> node.matches(event));
    }
  }

  private record Or(List<Node> nodes) implements Node {
    @Override
    public boolean matches(SearchableEvent event) {
      return nodes.stream().anyMatch(node -> node.matches(event));
    }
  }

  private record Not(Node node) implements Node {
    @Override
    public boolean matches(SearchableEvent event) {
      return !node.matches(event);
    }
  }

  /** {@code key:value}: a reserved attribute, {@code tags}, an {@code @attribute} or a tag key. */
  private record Field(String key, Pattern value) implements Node {
    @Override
    public boolean matches(SearchableEvent event) {
      if (key.equals("tags")) {
        return event.tags().stream().anyMatch(tag -> value.matcher(tag).matches());
      }
      if (key.equals("message")) {
        return FreeText.inWords(value, event.text());
      }
      return event.facetValues(key).stream().anyMatch(v -> value.matcher(v).matches());
    }
  }

  /** Free text: a word (pattern over whole words) or a phrase (anywhere), case-insensitive. */
  private record FreeText(Pattern pattern, boolean phrase) implements Node {
    @Override
    public boolean matches(SearchableEvent event) {
      return phrase
          ? pattern.matcher(event.title()).find() || pattern.matcher(event.text()).find()
          : inWords(pattern, event.title()) || inWords(pattern, event.text());
    }

    static boolean inWords(Pattern pattern, String text) {
      if (text == null) {
        return false;
      }
      for (String word : text.split("\\s+")) {
        String trimmed = word.replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
        if (pattern.matcher(word).matches() || pattern.matcher(trimmed).matches()) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code *:value}: any tag value, any attribute, or a word of the title or text. */
  private record FullText(Pattern value) implements Node {
    @Override
    public boolean matches(SearchableEvent event) {
      for (String tag : event.tags()) {
        int colon = tag.indexOf(':');
        if (value.matcher(colon < 0 ? tag : tag.substring(colon + 1)).matches()) {
          return true;
        }
      }
      for (String attribute : SearchableEvent.RESERVED_ATTRIBUTES) {
        String v = event.attribute(attribute);
        if (v != null && value.matcher(v).matches()) {
          return true;
        }
      }
      return FreeText.inWords(value, event.title()) || FreeText.inWords(value, event.text());
    }
  }

  // ---- reading ----

  private enum Kind {
    LPAREN,
    RPAREN,
    QUOTED,
    WORD,
    KEY,
    AND,
    OR,
    NOT
  }

  /**
   * @param text a {@code QUOTED} token's unescaped value, a {@code WORD}'s or {@code KEY}'s raw text
   *     (escapes kept, for the pattern to read)
   * @param at the position in the search, for error messages
   */
  private record Token(Kind kind, String text, int at) {}

  private static final class Lexer {
    private final String s;
    private int at;
    private final List<Token> tokens = new ArrayList<>();

    Lexer(String search) {
      this.s = search;
    }

    List<Token> tokens() {
      while (true) {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
          at++;
        }
        if (at >= s.length()) {
          return tokens;
        }
        char c = s.charAt(at);
        if (c == '(') {
          tokens.add(new Token(Kind.LPAREN, "(", at++));
        } else if (c == ')') {
          tokens.add(new Token(Kind.RPAREN, ")", at++));
        } else if (c == '"') {
          quoted();
        } else if (c == '-' && at + 1 < s.length() && !Character.isWhitespace(s.charAt(at + 1))) {
          tokens.add(new Token(Kind.NOT, "-", at++));
        } else {
          word();
        }
      }
    }

    private void quoted() {
      int start = at;
      StringBuilder value = new StringBuilder();
      int end = readQuoted(s, at, value);
      if (end >= 0) {
        at = end;
        tokens.add(new Token(Kind.QUOTED, value.toString(), start));
        return;
      }
      throw new IllegalArgumentException(
          "unbalanced quotes: the quote at position " + start + " is never closed");
    }

    private void word() {
      int start = at;
      while (at < s.length()) {
        char c = s.charAt(at);
        if (c == '\\' && at + 1 < s.length()) {
          at += 2;
          continue;
        }
        if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '"') {
          break;
        }
        at++;
      }
      String raw = s.substring(start, at);
      boolean keyPrefix =
          raw.endsWith(":")
              && !raw.endsWith("\\:")
              && at < s.length()
              && (s.charAt(at) == '(' || s.charAt(at) == '"');
      if (keyPrefix) {
        tokens.add(new Token(Kind.KEY, raw.substring(0, raw.length() - 1), start));
      } else if (raw.equals("AND") || raw.equals("OR") || raw.equals("NOT")) {
        tokens.add(new Token(Kind.valueOf(raw), raw, start));
      } else {
        tokens.add(new Token(Kind.WORD, raw, start));
      }
    }
  }

  private static final class Parser {
    private final List<Token> tokens;
    private int next;

    Parser(List<Token> tokens) {
      this.tokens = tokens;
    }

    Node parse() {
      if (tokens.isEmpty()) {
        return new All();
      }
      Node root = or(null);
      if (next < tokens.size()) {
        Token extra = tokens.get(next);
        throw new IllegalArgumentException(
            "unbalanced parentheses: ')' at position " + extra.at() + " has no '('");
      }
      return root;
    }

    /** @param key the key of an enclosing {@code key:( … )}, or null */
    private Node or(String key) {
      List<Node> nodes = new ArrayList<>();
      nodes.add(and(key));
      while (peek(Kind.OR)) {
        next++;
        nodes.add(and(key));
      }
      return nodes.size() == 1 ? nodes.get(0) : new Or(List.copyOf(nodes));
    }

    private Node and(String key) {
      List<Node> nodes = new ArrayList<>();
      nodes.add(unary(key));
      while (next < tokens.size()) {
        Kind kind = tokens.get(next).kind();
        if (kind == Kind.AND) {
          next++;
          nodes.add(unary(key));
        } else if (kind == Kind.OR || kind == Kind.RPAREN) {
          break;
        } else {
          nodes.add(unary(key));
        }
      }
      return nodes.size() == 1 ? nodes.get(0) : new And(List.copyOf(nodes));
    }

    private Node unary(String key) {
      if (peek(Kind.NOT)) {
        next++;
        return new Not(unary(key));
      }
      return primary(key);
    }

    private Node primary(String key) {
      if (next >= tokens.size()) {
        Token last = tokens.get(tokens.size() - 1);
        throw new IllegalArgumentException(
            "the search ends after '" + last.text() + "' (position " + last.at() + ")");
      }
      Token token = tokens.get(next++);
      return switch (token.kind()) {
        case LPAREN -> group(key, token);
        case QUOTED ->
            key == null
                ? new FreeText(phrase(token.text()), true)
                : new Field(key, Pattern.compile(Pattern.quote(token.text())));
        case KEY -> keyed(token);
        case WORD -> term(token, key);
        case RPAREN ->
            throw new IllegalArgumentException(
                "unbalanced parentheses: ')' at position " + token.at() + " has no '('");
        case AND, OR ->
            throw new IllegalArgumentException(
                "'" + token.text() + "' at position " + token.at() + " has no term before it");
        case NOT -> throw new IllegalStateException("NOT is read by unary()");
      };
    }

    private Node group(String key, Token open) {
      if (peek(Kind.RPAREN)) {
        throw new IllegalArgumentException("empty parentheses at position " + open.at());
      }
      Node inner = or(key);
      if (!peek(Kind.RPAREN)) {
        throw new IllegalArgumentException(
            "unbalanced parentheses: '(' at position " + open.at() + " is never closed");
      }
      next++;
      return inner;
    }

    /** {@code key:"value"} or {@code key:( … )}. */
    private Node keyed(Token key) {
      String name = checkedKey(unescape(key.text()), key);
      Token value = tokens.get(next++); // the lexer made a KEY only before '(' or '"'
      if (value.kind() == Kind.QUOTED) {
        return new Field(name, Pattern.compile(Pattern.quote(value.text())));
      }
      return group(name, value);
    }

    private Node term(Token word, String key) {
      String raw = word.text();
      if (key != null) {
        // Inside tags:( … ) a whole word is a tag, colons included; inside other keys a word
        // with its own key is its own term.
        int colon = key.equals("tags") ? -1 : unescapedColon(raw);
        if (colon < 0) {
          return new Field(key, pattern(raw));
        }
      }
      int colon = unescapedColon(raw);
      if (colon < 0) {
        return raw.equals("*") ? new All() : new FreeText(caseInsensitive(pattern(raw)), false);
      }
      String name = checkedKey(unescape(raw.substring(0, colon)), word);
      String value = raw.substring(colon + 1);
      if (value.isEmpty()) {
        throw new IllegalArgumentException(
            "'" + raw + "' at position " + word.at() + " has a key but no value");
      }
      return name.equals("*") ? new FullText(pattern(value)) : new Field(name, pattern(value));
    }

    private static String checkedKey(String key, Token token) {
      if (key.isEmpty()) {
        throw new IllegalArgumentException("':' without a key at position " + token.at());
      }
      return key;
    }

    private boolean peek(Kind kind) {
      return next < tokens.size() && tokens.get(next).kind() == kind;
    }
  }

  /**
   * Reads the double-quoted string opening at {@code open} into {@code value}; a backslash makes
   * the next character literal.
   *
   * @return the position after the closing quote, or -1 when there is none
   */
  static int readQuoted(String s, int open, StringBuilder value) {
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        value.append(s.charAt(++i));
      } else if (c == '"') {
        return i + 1;
      } else {
        value.append(c);
      }
    }
    return -1;
  }

  private static int unescapedColon(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ':') {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        c = raw.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /** An unquoted value: {@code *} any characters, {@code ?} one, {@code \x} the character x. */
  private static Pattern pattern(String raw) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        regex.append(Pattern.quote(String.valueOf(raw.charAt(++i))));
      } else if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static Pattern caseInsensitive(Pattern pattern) {
    return Pattern.compile(
        pattern.pattern(), pattern.flags() | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  private static Pattern phrase(String text) {
    return Pattern.compile(
        Pattern.quote(text.toLowerCase(Locale.ROOT)),
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
