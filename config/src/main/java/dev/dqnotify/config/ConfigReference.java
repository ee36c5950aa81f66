package dev.dqnotify.config;

import java.util.List;

/** Renders declared settings as the Markdown configuration reference in {@code docs/}. */
public final class ConfigReference {

  private ConfigReference() {}

  /** A Markdown table: key, default, valid values, description, environment variable. */
  public static String markdown(List<Setting<?>> settings) {
    StringBuilder out = new StringBuilder();
    out.append("| key | default | valid values | description | environment variable |\n");
    out.append("|---|---|---|---|---|\n");
    for (Setting<?> setting : settings) {
      out.append("| `").append(setting.key()).append("` | ")
          .append(setting.defaultText() != null ? "`" + setting.defaultText() + "`"
              : setting.isOptional() ? "*(unset)*" : "*(required)*")
          .append(" | ").append(escape(setting.allowed()))
          .append(" | ").append(escape(setting.description()))
          .append(" | `").append(Settings.environmentName(setting.key())).append('`')
          // A secret is best kept out of the environment's listing too: a file that only the program reads.
          .append(setting.isSecret() ? " or `" + Settings.environmentName(setting.key()) + Settings.FILE_SUFFIX
              + "` (a file holding it)" : "")
          .append(setting.fallbackVariable() != null ? "; else `" + setting.fallbackVariable()
              + "` (below the config file)" : "")
          .append(" |\n");
    }
    return out.toString();
  }

  /**
   * {@code document} with the generated table of {@code settings} between its
   * {@code <!-- settings:begin …-->} and {@code <!-- settings:end -->} markers. Equal to the input
   * when the document is up to date — which is how a test keeps each {@code docs/} reference true.
   *
   * @throws IllegalArgumentException when the document lacks the markers
   */
  public static String spliceInto(String document, List<Setting<?>> settings) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("The document has no " + BEGIN + " … " + END + " block for the settings");
    }
    int afterBeginLine = document.indexOf('\n', begin) + 1;
    return document.substring(0, afterBeginLine) + markdown(settings) + document.substring(end);
  }

  /** The first characters of the line that opens the generated block. */
  public static final String BEGIN = "<!-- settings:begin";
  /** The line that closes the generated block. */
  public static final String END = "<!-- settings:end -->";

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
