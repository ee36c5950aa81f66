package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Locale;

/**
 * Appends every request to the Datadog API endpoints (answered, refused, faulted or unknown; not
 * the admin API) to a file as one JSON line: {@code {"time","method","path","query":{name:[values]},
 * "headers":{name:[values]},"body"}}. Values of headers and query parameters whose name contains
 * {@code key} (such as {@code DD-API-KEY}, {@code DD-APPLICATION-KEY}, {@code api_key}) or is
 * {@code Authorization} are written as {@code <masked>}.
 *
 * <p>Runs as the first request filter, so it sees a request before any endpoint or fault answers
 * it.
 */
final class RequestLog implements StubRequestFilterV2, AutoCloseable {

  /** The environment variable naming the file, when the builder is not given one. */
  static final String ENVIRONMENT_VARIABLE = "DATADOG_SIMULATOR_REQUEST_LOG";

  static final String MASK = "<masked>";

  private final Path file;
  private final Clock clock;
  // One write per line on a channel opened for appending, so simulators of several processes
  // (or tests) sharing one file through the environment variable never interleave within a line.
  private final FileChannel out;

  private RequestLog(Path file, Clock clock, FileChannel out) {
    this.file = file;
    this.clock = clock;
    this.out = out;
  }

  /**
   * Opens {@code file} for appending, creating it and its folder when missing.
   *
   * @throws IllegalArgumentException naming the file and why it cannot be written
   */
  static RequestLog open(Path file, Clock clock) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel out =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new RequestLog(file, clock, out);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot write the Datadog simulator's request log '"
              + file
              + "' (set by --request-log or $"
              + ENVIRONMENT_VARIABLE
              + "): "
              + e
              + "; name a writable file",
          e);
    }
  }

  Path file() {
    return file;
  }

  @Override
  public String getName() {
    return "dqnotify-datadog-request-log";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    append(request);
    return RequestFilterAction.continueWith(request);
  }

  private void append(Request request) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("time", clock.instant().toString());
    line.put("method", request.getMethod().getName());
    line.put("path", q < 0 ? url : url.substring(0, q));
    ObjectNode query = line.putObject("query");
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        ArrayNode values = query.has(name) ? (ArrayNode) query.get(name) : query.putArray(name);
        values.add(secret(name) ? MASK : value);
      }
    }
    ObjectNode headers = line.putObject("headers");
    for (HttpHeader header : request.getHeaders().all()) {
      ArrayNode values = headers.putArray(header.key());
      header.values().forEach(v -> values.add(secret(header.key()) ? MASK : v));
    }
    line.put("body", request.getBodyAsString());
    ByteBuffer bytes = ByteBuffer.wrap((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (this) {
      try {
        // Unbuffered: a reader (a test, tail -f) sees each request as it arrives.
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot append to the request log " + file, e);
      }
    }
  }

  private static boolean secret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("key") || lower.equals("authorization");
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the request log " + file, e);
    }
  }
}
