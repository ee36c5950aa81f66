package dev.dqnotify.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts (XChart) for results where a curve says more than a table. */
public final class Plots {

  /** One named curve. */
  public record Series(String name, List<? extends Number> x, List<? extends Number> y, boolean dashed) {}

  private Plots() {}

  /**
   * Writes a line chart to {@code file} (a {@code .png}); logarithmic axes where the values span
   * orders of magnitude (in-flight limits 1…64, rates from tens to thousands per second).
   *
   * @return the file written
   */
  public static Path line(Path file, String title, String xLabel, String yLabel, boolean logX, boolean logY,
      List<Series> series) {
    XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
        .build();
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (Series s : series) {
      var added = chart.addSeries(s.name(), s.x(), s.y());
      if (s.dashed()) {
        added.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f));
        added.setMarker(SeriesMarkers.NONE);
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    // XChart appends the extension itself when the name lacks it.
    String name = file.getFileName().toString();
    return name.endsWith(".png") ? file : file.resolveSibling(name + ".png");
  }
}
