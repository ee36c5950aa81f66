package dev.dqnotify.localrun.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's timeline as inline SVG: DqEvents produced and delivered (cumulative step lines) over
 * the seconds since the sensors started, with the outage's phases shaded. No script, no library:
 * the HTML page stays one self-contained file.
 */
final class TimelineChart {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 290;
  private static final int LEFT = 52;
  private static final int RIGHT = 16;
  private static final int TOP = 30;
  private static final int BOTTOM = 44;
  private static final String PRODUCED = "#2563eb";
  private static final String DELIVERED = "#16a34a";

  private TimelineChart() {}

  static String svg(RunReport.Timeline timeline) {
    double start = Math.min(0, first(timeline.produced()));
    double end = Math.max(start + 1, timeline.endSeconds());
    int maxCount = Math.max(1, Math.max(last(timeline.produced()), last(timeline.delivered())));
    double yMax = niceCeiling(maxCount);
    Scale x = new Scale(start, end, LEFT, WIDTH - RIGHT);
    Scale y = new Scale(0, yMax, HEIGHT - BOTTOM, TOP);

    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
        + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"DqEvents produced and delivered over time\" "
        + "font-family=\"system-ui, sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    for (RunReport.Band band : timeline.outage()) {
      boolean serverErrors = band.kind().equals("500");
      double from = x.at(band.from());
      double to = Math.max(from + 2, x.at(Math.min(band.to(), end)));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
              + "opacity=\"0.18\"/>%n<text x=\"%.1f\" y=\"%d\" fill=\"%s\">%s</text>%n", from, TOP, to - from,
          HEIGHT - BOTTOM - TOP, serverErrors ? "#dc2626" : "#f59e0b", from + 3, TOP + 12,
          serverErrors ? "#b91c1c" : "#b45309", serverErrors ? "Datadog 500s" : "429s"));
    }
    // Axes and grid.
    for (int i = 0; i <= 4; i++) {
      double value = yMax * i / 4;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#6b7280\">%s</text>%n", LEFT, WIDTH - RIGHT,
          y.at(value), y.at(value), LEFT - 6, y.at(value) + 4, number(value)));
    }
    double step = tickStep(end - start);
    for (double t = Math.ceil(start / step) * step; t <= end + 1e-9; t += step) {
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#9ca3af\"/>"
              + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#6b7280\">%s</text>%n", x.at(t), x.at(t),
          HEIGHT - BOTTOM, HEIGHT - BOTTOM + 4, x.at(t), HEIGHT - BOTTOM + 16, clock(t)));
    }
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#374151\"/>%n",
        LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, HEIGHT - BOTTOM));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#374151\">time "
        + "since the sensors started (mm:ss)</text>%n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8));
    if (timeline.sensorsStopSeconds() > start && timeline.sensorsStopSeconds() <= end) {
      double at = x.at(timeline.sensorsStopSeconds());
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#6b7280\" "
          + "stroke-dasharray=\"2 3\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" fill=\"#6b7280\">sensors "
          + "stop</text>%n", at, at, TOP, HEIGHT - BOTTOM, at - 3, TOP + 12));
    }
    svg.append(steps(timeline.produced(), x, y, start, end, PRODUCED, ""));
    svg.append(steps(timeline.delivered(), x, y, start, end, DELIVERED, " stroke-dasharray=\"6 3\""));
    // Legend.
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"12\" y2=\"12\" stroke=\"%s\" "
        + "stroke-width=\"2.5\"/><text x=\"%d\" y=\"16\">DqEvents written to the outbox</text>%n", LEFT, LEFT + 22,
        PRODUCED, LEFT + 28));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"12\" y2=\"12\" stroke=\"%s\" "
            + "stroke-width=\"2.5\" stroke-dasharray=\"6 3\"/><text x=\"%d\" y=\"16\">%s</text>%n", LEFT + 230,
        LEFT + 252, DELIVERED, LEFT + 258, Html.escape(timeline.deliveredLabel())));
    return svg.append("</svg>\n").toString();
  }

  /** A cumulative count as a step line from the chart's start to its end. */
  private static String steps(List<RunReport.Point> points, Scale x, Scale y, double start, double end, String colour,
      String dash) {
    StringBuilder path = new StringBuilder(String.format(Locale.ROOT, "M%.1f,%.1f", x.at(start), y.at(0)));
    int count = 0;
    for (RunReport.Point p : points) {
      path.append(String.format(Locale.ROOT, " H%.1f V%.1f", x.at(p.seconds()), y.at(p.count())));
      count = p.count();
    }
    path.append(String.format(Locale.ROOT, " H%.1f", x.at(end)));
    return String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s>"
        + "<title>%d</title></path>%n", path, colour, dash, count);
  }

  /** Maps a value range onto a pixel range. */
  private record Scale(double from, double to, double pixelFrom, double pixelTo) {
    double at(double value) {
      return pixelFrom + (value - from) / (to - from) * (pixelTo - pixelFrom);
    }
  }

  static double niceCeiling(int max) {
    for (int candidate : new int[] {4, 8, 12, 20, 40, 60, 80, 100, 200, 400, 600, 800, 1000}) {
      if (max <= candidate) {
        return candidate;
      }
    }
    return Math.ceil(max / 1000.0) * 1000;
  }

  static double tickStep(double span) {
    for (double candidate : new double[] {5, 10, 15, 30, 60, 120, 300, 600}) {
      if (span / candidate <= 10) {
        return candidate;
      }
    }
    return 1800;
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%s%d:%02d", s < 0 ? "-" : "", Math.abs(s) / 60, Math.abs(s) % 60);
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static double first(List<RunReport.Point> points) {
    return points.isEmpty() ? 0 : points.get(0).seconds();
  }

  private static int last(List<RunReport.Point> points) {
    return points.isEmpty() ? 0 : points.get(points.size() - 1).count();
  }
}
