package dev.dqnotify.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryServerIT {

  @TempDir Path workDir;

  @Test
  void speaksTheConfluentApiAndLeavesNoProcessBehind() throws Exception {
    long pid;
    String url;
    HttpClient http = HttpClient.newHttpClient();
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(workDir)) {
      pid = registry.pid();
      url = registry.confluentApiUrl();
      assertThat(url).endsWith("/apis/ccompat/v7");

      HttpResponse<String> registered = http.send(
          HttpRequest.newBuilder(URI.create(url + "/subjects/lifecycle-value/versions"))
              .header("Content-Type", "application/vnd.schemaregistry.v1+json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(registered.statusCode()).isEqualTo(200);
      assertThat(registered.body()).contains("\"id\"");

      HttpResponse<String> subjects = http.send(
          HttpRequest.newBuilder(URI.create(url + "/subjects")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(subjects.body()).contains("lifecycle-value");
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(reachable(http, url)).isFalse();
  }

  private static boolean reachable(HttpClient http, String url) throws InterruptedException {
    try {
      http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).GET().build(), HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
