package dev.dqnotify.forwarder.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** Switches logging to structured JSON lines ({@code log.json=true}) for log shippers. */
public final class Logging {

  /** The Logback configuration of the JSON format, on the classpath. */
  public static final String JSON_CONFIG = "logback-json.xml";

  private Logging() {}

  /**
   * For the one-shot tools (replay, dlq): only warnings and errors, on stderr, so their summaries
   * on stdout stay readable and can be piped.
   */
  public static void forTools() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger{30} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
  }

  /** Reconfigures Logback from {@value #JSON_CONFIG}: one JSON object per line on stdout. */
  public static void useJson() {
    URL config = Logging.class.getClassLoader().getResource(JSON_CONFIG);
    if (config == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException(JSON_CONFIG + " or Logback is missing from the classpath");
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.reset();
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure JSON logging from " + config, e);
    }
  }
}
