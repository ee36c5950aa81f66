package dev.dqnotify.localstack.datadog;

import com.github.tomakehurst.wiremock.common.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends WireMock's own messages to our SLF4J: wiremock-standalone shades its SLF4J, so without this
 * they would reach no binding. Its chatter goes to DEBUG; its errors are worth a WARN in a test.
 */
final class WireMockLog implements Notifier {

  private static final Logger log =
      LoggerFactory.getLogger("dev.dqnotify.localstack.datadog.wiremock");

  @Override
  public void info(String message) {
    log.debug(message);
  }

  @Override
  public void error(String message) {
    log.warn(message);
  }

  @Override
  public void error(String message, Throwable t) {
    log.warn(message, t);
  }
}
