package dev.dqnotify.localstack.datadog;

import com.github.tomakehurst.wiremock.common.Notifier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends WireMock's own messages to our SLF4J: wiremock-standalone shades its SLF4J, so without this
 * they would reach no binding. Its chatter goes to DEBUG; its errors are worth a WARN in a test.
 * WireMock's request dumps print every header; the Datadog key headers are masked first, so a
 * test log never holds a key (tests search all captured logs for it).
 */
final class WireMockLog implements Notifier {

  private static final Logger log =
      LoggerFactory.getLogger("dev.dqnotify.localstack.datadog.wiremock");
  private static final Pattern KEY_HEADER =
      Pattern.compile("(?i)(dd-(?:api|application)-key\\s*[:=]\\s*\"?)[^\\s\",]+");

  static String masked(String message) {
    return message == null ? null : KEY_HEADER.matcher(message).replaceAll("$1<masked>");
  }

  @Override
  public void info(String message) {
    if (log.isDebugEnabled()) {
      log.debug(masked(message));
    }
  }

  @Override
  public void error(String message) {
    log.warn(masked(message));
  }

  @Override
  public void error(String message, Throwable t) {
    log.warn(masked(message), t);
  }
}
