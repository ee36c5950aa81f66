package dev.dqnotify.forwarder.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dqnotify.config.Redaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON object per log line, keyed by Datadog's reserved and standard log attributes, so the
 * agent's JSON parsing shows level, logger and errors without a custom pipeline:
 *
 * <pre>
 * {"timestamp":"2026-12-03T11:00:00.123Z","status":"WARN","message":"…","service":"dq-forwarder","env":"prod",
 *  "logger":{"name":"dev.dqnotify.forwarder.deliver.RetryingDeliverer","thread_name":"dqnotify-deliver-1"},
 *  "error":{"kind":"java.io.IOException","message":"…","stack":"…"}}
 * </pre>
 *
 * <p>Nested objects are how Datadog reads the dotted attribute names ({@code logger.name}, {@code
 * logger.thread_name}, {@code error.kind}, {@code error.message}, {@code error.stack}). The message
 * and the error pass through the configuration's {@link Redaction}, so a secret value that turned up
 * in an exception's text is shown as {@value Redaction#MASK}.
 */
public final class DatadogJsonEncoder extends EncoderBase<ILoggingEvent> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NOTHING = new byte[0];

  private final String service;
  private final Optional<String> env;
  private final Redaction redaction;

  /**
   * @param service Datadog's {@code service} attribute
   * @param env Datadog's {@code env} attribute, if known
   * @param redaction masks the configuration's secrets in messages and errors
   */
  public DatadogJsonEncoder(String service, Optional<String> env, Redaction redaction) {
    this.service = Objects.requireNonNull(service, "service");
    this.env = Objects.requireNonNull(env, "env");
    this.redaction = Objects.requireNonNull(redaction, "redaction");
  }

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("status", event.getLevel().toString());
    line.put("message", redaction.mask(event.getFormattedMessage()));
    line.put("service", service);
    env.ifPresent(e -> line.put("env", e));
    line.putObject("logger").put("name", event.getLoggerName()).put("thread_name", event.getThreadName());
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.putObject("error")
          .put("kind", error.getClassName())
          .put("message", redaction.mask(error.getMessage()))
          .put("stack", redaction.mask(ThrowableProxyUtil.asString(error)));
    }
    try {
      return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      // A tree of strings always serialises; keep the line rather than lose it.
      return ("{\"status\":\"ERROR\",\"message\":\"unserialisable log line\"}\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }
}
