package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.UncheckedIOException;

/** The one JSON mapper of the simulator, and the response shapes it shares between endpoints. */
final class Json {

  /** Strict about trailing content, as a JSON body with garbage after it is malformed. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private Json() {}

  /** Datadog's error shape: {@code {"errors":["reason"]}}. */
  static String errors(String reason) {
    ObjectNode body = MAPPER.createObjectNode();
    body.putArray("errors").add(reason);
    return write(body);
  }

  /**
   * Datadog's answer to a request body that is not declared {@code application/json} (parameters
   * such as {@code charset} allowed), or null when it is: 415 {@code {"errors":["Unsupported Media
   * Type: …"]}}.
   */
  static ResponseDefinitionBuilder refuseUnlessJson(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip();
    if (mediaType.equalsIgnoreCase("application/json")) {
      return null;
    }
    return response(
        415,
        errors(
            "Unsupported Media Type: the request body must be sent as Content-Type"
                + " application/json, got "
                + (contentType == null ? "no Content-Type" : "'" + contentType + "'")));
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; failing here is a bug in the simulator.
      throw new UncheckedIOException(e);
    }
  }

  static ResponseDefinitionBuilder response(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static ResponseDefinitionBuilder response(int status, JsonNode body) {
    return response(status, write(body));
  }
}
