package dev.dqnotify.localstack.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireMockLogTest {

  @Test
  void masksDatadogKeyHeadersInRequestDumps() {
    String dump = "Request received:\nPOST /api/v1/events\nDD-API-KEY: abc123secret\n"
        + "dd-application-key: \"xyz789\"\nContent-Type: application/json\n";

    String masked = WireMockLog.masked(dump);

    assertThat(masked).doesNotContain("abc123secret").doesNotContain("xyz789")
        .contains("DD-API-KEY: <masked>").contains("Content-Type: application/json");
  }
}
