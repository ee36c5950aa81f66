package dev.dqnotify.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client of the Confluent Schema Registry REST API over {@link HttpClient}: register, look
 * up and fetch Avro schemas, and read or set a subject's compatibility level.
 *
 * <p>Thread-safe. Ids are cached per (subject, schema) and schemas per id for the life of the
 * client: a registry never changes what an id means, so a known id is never fetched again. Failures
 * are not cached. Every failure is a {@link SchemaRegistryException}; none of its text contains the
 * credentials.
 */
public final class SchemaRegistryClient implements SchemaRegistry {

  /** The registry's own media type, for request bodies. */
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  // What Confluent's client accepts, in its order of preference.
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json,"
          + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

  private static final List<String> COMPATIBILITY_LEVELS =
      List.of(
          "BACKWARD",
          "BACKWARD_TRANSITIVE",
          "FORWARD",
          "FORWARD_TRANSITIVE",
          "FULL",
          "FULL_TRANSITIVE",
          "NONE");

  private static final int BODY_EXCERPT_CHARS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);

  private final SchemaRegistryConfig config;
  private final String baseUrl;
  private final HttpClient http;
  private final Optional<BasicCredentials> credentials;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  /** A client for the registry {@code config} describes; opens no connection yet. */
  public SchemaRegistryClient(SchemaRegistryConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("schema registry config is null");
    }
    this.config = config;
    this.baseUrl = config.baseUrl().toString();
    this.credentials = config.basicAuth();
    // Default SSLContext unless the config has stores: honours javax.net.ssl.* system properties. Redirects are not followed,
    // so the Authorization header never travels to another host. HTTP/1.1: the calls are tiny,
    // and the h2c upgrade the client would try on http:// trips up some registries and proxies.
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    config.tls().ifPresent(tls -> http.sslContext(tls.sslContext()));
    this.http = http.build();
  }

  /** The configuration this client was built from (credentials masked in its text). */
  public SchemaRegistryConfig config() {
    return config;
  }

  /**
   * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
   * returns its id. The schema's JSON text ({@link Schema#toString()}) is what gets registered, so
   * register one form of a schema consistently.
   *
   * @throws SchemaRegistryException e.g. HTTP 409 when the schema is incompatible with the subject
   */
  @Override
  public int register(String subject, Schema schema) {
    return idFor(subject, schema, "/versions");
  }

  /**
   * Returns the id of {@code schema} if it is registered under {@code subject} ({@code POST
   * /subjects/{subject}}); never registers.
   *
   * @throws SchemaRegistryException 404 ({@link SchemaRegistryException#isNotFound()}) when the
   *     subject or the schema is not registered
   */
  @Override
  public int lookup(String subject, Schema schema) {
    return idFor(subject, schema, "");
  }

  /**
   * The schema with global id {@code id} ({@code GET /schemas/ids/{id}}), fetched once per id.
   *
   * @throws SchemaRegistryException 404 when the registry does not know the id; {@link
   *     SchemaRegistryException.Kind#INVALID_RESPONSE} when it is not an Avro schema
   */
  @Override
  public Schema schemaById(int id) {
    Schema known = schemasById.get(id);
    if (known != null) {
      return known;
    }
    String url = baseUrl + "/schemas/ids/" + id;
    HttpResponse<String> response = send("GET", url, null);
    JsonNode body = successBody("GET", url, response);
    String schemaType = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(schemaType)) {
      throw SchemaRegistryException.invalidResponse(
          "GET",
          url,
          response.statusCode(),
          "schema " + id + " is " + schemaType + ", not Avro",
          null);
    }
    if (body.path("references").isArray() && !body.path("references").isEmpty()) {
      throw SchemaRegistryException.invalidResponse(
          "GET",
          url,
          response.statusCode(),
          "schema " + id + " uses schema references, which this client does not resolve",
          null);
    }
    JsonNode text = body.get("schema");
    if (text == null || !text.isTextual()) {
      throw SchemaRegistryException.invalidResponse(
          "GET", url, response.statusCode(), "the answer has no \"schema\" text", null);
    }
    Schema schema;
    try {
      // A Parser remembers every name it has seen, so each schema gets a fresh one.
      schema = new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw SchemaRegistryException.invalidResponse(
          "GET",
          url,
          response.statusCode(),
          "schema " + id + " is not a valid Avro schema: " + e.getMessage(),
          e);
    }
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced == null ? schema : raced;
  }

  /**
   * The compatibility level set for {@code subject} ({@code GET /config/{subject}}), e.g. {@code
   * BACKWARD}; empty when the registry answers 404 (Apicurio does for a subject without its own
   * level). Not cached: levels change.
   */
  public Optional<String> compatibility(String subject) {
    requireSubject(subject);
    String url = baseUrl + "/config/" + Urls.pathSegment(subject);
    HttpResponse<String> response = send("GET", url, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode body = successBody("GET", url, response);
    // GET answers "compatibilityLevel"; PUT answers "compatibility". Accept either.
    JsonNode level =
        body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
    if (level == null || !level.isTextual()) {
      throw SchemaRegistryException.invalidResponse(
          "GET", url, response.statusCode(), "the answer has no compatibility level", null);
    }
    return Optional.of(level.asText());
  }

  /**
   * Sets {@code subject}'s compatibility level ({@code PUT /config/{subject}}).
   *
   * @param level one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,
   *     FULL_TRANSITIVE, NONE (any case)
   * @throws IllegalArgumentException for another level, before any request is sent
   */
  public void setCompatibility(String subject, String level) {
    requireSubject(subject);
    String normalised = level == null ? null : level.trim().toUpperCase(Locale.ROOT);
    if (normalised == null || !COMPATIBILITY_LEVELS.contains(normalised)) {
      throw new IllegalArgumentException(
          "compatibility level '"
              + level
              + "' is not valid; valid levels: "
              + COMPATIBILITY_LEVELS);
    }
    String url = baseUrl + "/config/" + Urls.pathSegment(subject);
    ObjectNode body = JSON.createObjectNode().put("compatibility", normalised);
    successBody("PUT", url, send("PUT", url, body));
    log.info("Schema registry subject {} now has compatibility {}", subject, normalised);
  }

  @Override
  public String toString() {
    return "SchemaRegistryClient[" + baseUrl + "]";
  }

  private int idFor(String subject, Schema schema, String suffix) {
    requireSubject(subject);
    if (schema == null) {
      throw new IllegalArgumentException("schema is null");
    }
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer known = idsBySubjectSchema.get(key);
    if (known != null) {
      return known;
    }
    String url = baseUrl + "/subjects/" + Urls.pathSegment(subject) + suffix;
    HttpResponse<String> response =
        send("POST", url, JSON.createObjectNode().put("schema", schema.toString()));
    JsonNode body = successBody("POST", url, response);
    JsonNode id = body.get("id");
    if (id == null || !id.canConvertToInt() || !id.isIntegralNumber()) {
      throw SchemaRegistryException.invalidResponse(
          "POST", url, response.statusCode(), "the answer has no integer \"id\"", null);
    }
    idsBySubjectSchema.putIfAbsent(key, id.intValue());
    return id.intValue();
  }

  private HttpResponse<String> send(String method, String url, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(config.requestTimeout())
            .header("Accept", ACCEPT);
    credentials.ifPresent(c -> request.header("Authorization", c.authorizationHeader()));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", CONTENT_TYPE)
          .method(
              method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      log.debug("{} {} -> {}", method, url, response.statusCode());
      return response;
    } catch (IOException e) {
      throw SchemaRegistryException.unreachable(method, url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SchemaRegistryException.unreachable(method, url, e);
    }
  }

  private JsonNode successBody(String method, String url, HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status < 200 || status > 299) {
      throw httpError(method, url, status, text);
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw SchemaRegistryException.invalidResponse(
            method, url, status, "expected a JSON object, got: " + excerpt(text), null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw SchemaRegistryException.invalidResponse(
          method, url, status, "expected a JSON object, got: " + excerpt(text), null);
    }
  }

  private SchemaRegistryException httpError(String method, String url, int status, String text) {
    Integer errorCode = null;
    String message = null;
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.isObject() && node.path("error_code").canConvertToInt()) {
        errorCode = node.get("error_code").intValue();
        message = node.hasNonNull("message") ? redact(node.get("message").asText()) : null;
      }
    } catch (JsonProcessingException e) {
      // Not the registry's JSON (a proxy's HTML page, say): an excerpt of the body follows.
    }
    if (errorCode == null) {
      message = text.isBlank() ? null : excerpt(text);
    }
    return SchemaRegistryException.httpError(method, url, status, errorCode, message);
  }

  // The registry or a proxy in front of it may echo what it was sent; keep the secret out anyway.
  // Passwords under 4 characters are left alone: replacing them would garble every message.
  private String redact(String text) {
    if (credentials.isEmpty() || text == null) {
      return text;
    }
    BasicCredentials c = credentials.get();
    String token = c.authorizationHeader().substring("Basic ".length());
    String redacted = text.replace(token, "<masked>");
    return c.password().length() < 4 ? redacted : redacted.replace(c.password(), "<masked>");
  }

  private String excerpt(String text) {
    String oneLine = redact(text).replaceAll("\\s+", " ").trim();
    return oneLine.length() <= BODY_EXCERPT_CHARS
        ? oneLine
        : oneLine.substring(0, BODY_EXCERPT_CHARS) + "…";
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "subject '" + subject + "' is blank; give e.g. dq-events-value");
    }
  }

  private record SubjectSchema(String subject, Schema schema) {}
}
