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
          .append(setting.defaultText() == null ? "*(required)*" : "`" + setting.defaultText() + "`")
          .append(" | ").append(escape(setting.allowed()))
          .append(" | ").append(escape(setting.description()))
          .append(" | `").append(Settings.environmentName(setting.key())).append("` |\n");
    }
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
