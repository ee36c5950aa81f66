package dev.dqnotify.forwarder.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line, at every level, while open: Logback (our code, via SLF4J) and
 * java.util.logging (where datadog-api-client and Jersey write). Restores the levels on close.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level rootLevel = root.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final java.util.logging.Logger julRoot = LogManager.getLogManager().getLogger("");
  private final java.util.logging.Level julLevel = julRoot.getLevel();
  private final List<String> julLines = new ArrayList<>();
  private final Handler julHandler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          String line = record.getLoggerName() + " " + record.getMessage();
          if (record.getParameters() != null) {
            line += " " + java.util.Arrays.toString(record.getParameters());
          }
          if (record.getThrown() != null) {
            line += " " + record.getThrown();
          }
          synchronized (julLines) {
            julLines.add(line);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.ALL);
    julRoot.addHandler(julHandler);
    julRoot.setLevel(java.util.logging.Level.ALL);
  }

  /** Captured Logback events, oldest first. */
  public List<ILoggingEvent> events() {
    synchronized (appender) { // AppenderBase appends under its own monitor
      return List.copyOf(appender.list);
    }
  }

  /** Every captured line in full: logger, level, message, arguments, stack traces. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : events()) {
      String line =
          event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage();
      if (event.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
      }
      lines.add(line);
    }
    synchronized (julLines) {
      lines.addAll(julLines);
    }
    return lines;
  }

  /** Captured Logback events at {@code level} from loggers under {@code loggerPrefix}. */
  public List<ILoggingEvent> at(Level level, String loggerPrefix) {
    return events().stream()
        .filter(event -> event.getLevel() == level)
        .filter(event -> event.getLoggerName().startsWith(loggerPrefix))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    julRoot.removeHandler(julHandler);
    julRoot.setLevel(julLevel);
  }
}
