package dev.dqnotify.localrun.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.forwarder.monitors.MonitorsCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * The last hop of the local run, Datadog → Teams, on the simulator: before the sensors start, the
 * run's route monitors are applied with {@code dq-forwarder monitors apply} (one Teams channel per
 * team, {@code monitors.yaml} next to this class); at the end the simulator evaluates them once more
 * and its admin API says which Teams notifications they sent and which posted events no route
 * monitor matched.
 */
public final class TeamsChannels {

  private static final String ROUTES_RESOURCE = "/dev/dqnotify/localrun/monitors.yaml";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int UNMATCHED_TITLES = 5;

  private TeamsChannels() {}

  /**
   * What the route monitors did.
   *
   * @param routesFile the routes file the monitors were applied from
   * @param byChannel Teams notifications per handle (e.g. {@code @teams-stores-north-dq}), sorted
   * @param postedEvents the events the simulator accepted
   * @param unmatchedEvents of those, how many no route monitor's search matched
   * @param unmatchedTitles the titles of the first few of them
   */
  public record Summary(
      Path routesFile,
      Map<String, Integer> byChannel,
      int postedEvents,
      int unmatchedEvents,
      List<String> unmatchedTitles) {

    /** Copies the collections. */
    public Summary {
      byChannel = Collections.unmodifiableMap(new TreeMap<>(byChannel));
      unmatchedTitles = List.copyOf(unmatchedTitles);
    }

    /** All Teams notifications sent. */
    public int notifications() {
      return byChannel.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Writes the run's routes file into {@code workDir} and applies it to the simulator at {@code
   * baseUrl} with the forwarder's own {@code monitors apply}.
   *
   * @return the routes file
   * @throws IllegalStateException with the command's output when it fails
   */
  public static Path applyRoutes(String baseUrl, String apiKey, Path workDir) {
    Path routes = workDir.resolve("monitors.yaml");
    try (InputStream in = TeamsChannels.class.getResourceAsStream(ROUTES_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the local run's routes file " + ROUTES_RESOURCE + " is missing from its jar");
      }
      Files.createDirectories(workDir);
      Files.write(routes, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + routes, e);
    }
    StringWriter output = new StringWriter();
    // The simulator takes any non-blank application key; the API key is the one it accepts.
    CommandLine command = new CommandLine(
        new MonitorsCommand(Map.of("DD_API_KEY", apiKey, "DD_APP_KEY", "local-run")));
    command.setOut(new PrintWriter(output, true));
    command.setErr(new PrintWriter(output, true));
    int exit = command.execute("apply", "--file", routes.toString(), "--datadog-url", baseUrl);
    if (exit != 0) {
      throw new IllegalStateException("monitors apply failed (exit " + exit + "):\n" + output);
    }
    return routes;
  }

  /** Evaluates the monitors once more, then reads notifications and events from the admin API. */
  public static Summary read(String baseUrl, Path routesFile) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    send(http, HttpRequest.newBuilder(admin(baseUrl, "monitors/evaluate"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    Map<String, Integer> byChannel = new TreeMap<>();
    for (JsonNode notification : send(http, HttpRequest.newBuilder(admin(baseUrl, "notifications")).GET())) {
      byChannel.merge(notification.path("handle").asText(), 1, Integer::sum);
    }
    int posted = 0;
    int unmatched = 0;
    List<String> titles = new ArrayList<>();
    for (JsonNode event : send(http, HttpRequest.newBuilder(admin(baseUrl, "events")).GET())) {
      posted++;
      if (event.path("matched_monitor_ids").isEmpty()) {
        unmatched++;
        if (titles.size() < UNMATCHED_TITLES) {
          titles.add(event.path("title").asText());
        }
      }
    }
    return new Summary(routesFile, byChannel, posted, unmatched, titles);
  }

  private static URI admin(String baseUrl, String path) {
    return URI.create(baseUrl + "/__admin/datadog/" + path);
  }

  private static JsonNode send(HttpClient http, HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the Datadog simulator's admin API answered " + response.statusCode() + " to "
            + response.request().uri() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("the Datadog simulator's admin API did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the Datadog simulator", e);
    }
  }
}
