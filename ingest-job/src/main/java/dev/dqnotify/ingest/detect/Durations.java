package dev.dqnotify.ingest.detect;

/** Durations written for people: {@code 15m 3s}, {@code 2h 5m}, {@code 850ms}. */
final class Durations {

  private Durations() {}

  static String human(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long secs = seconds % 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append("h");
    }
    if (minutes > 0) {
      out.append(out.length() > 0 ? " " : "").append(minutes).append("m");
    }
    if (secs > 0 && hours == 0) {
      out.append(out.length() > 0 ? " " : "").append(secs).append("s");
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}
