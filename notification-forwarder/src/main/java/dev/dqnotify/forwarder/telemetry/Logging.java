package dev.dqnotify.forwarder.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.dqnotify.config.Redaction;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's log formats besides the plain text of {@code logback.xml}: the tools' quiet
 * stderr, and JSON lines with Datadog's attributes ({@code log.json=true}) for log shippers.
 */
public final class Logging {

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

  /**
   * Reconfigures Logback to write one JSON object per line on stdout with Datadog's attributes
   * ({@link DatadogJsonEncoder}), at the levels of the plain-text configuration.
   *
   * @param service Datadog's {@code service} attribute
   * @param env Datadog's {@code env} attribute, if known
   * @param redaction masks the configuration's secrets
   */
  public static void useJson(String service, Optional<String> env, Redaction redaction) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException("Logback is missing from the classpath");
    }
    context.reset();
    DatadogJsonEncoder encoder = new DatadogJsonEncoder(service, env, redaction);
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName("STDOUT");
    stdout.setEncoder(encoder);
    stdout.start();
    context.getLogger("org.apache.kafka").setLevel(Level.WARN);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stdout);
  }
}
