package dev.dqnotify.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.FakeRegistryServer;
import dev.dqnotify.schemas.FakeRegistryServer.Request;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SchemaRegistryClient} against a loopback stand-in for the registry. */
class SchemaRegistryClientTest {

  private static final String SUBJECT = "dq-events-value";
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String PASSWORD = "hunter2-very-secret";
  private static final Schema SCHEMA = DqEvent.getClassSchema();
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeRegistryServer server;
  private SchemaRegistryClient client;

  @BeforeEach
  void start() {
    server = FakeRegistryServer.start();
    client = new SchemaRegistryClient(SchemaRegistryConfig.of(server.url()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void registerPostsTheSchemaTextToTheSubjectsVersionsWithTheRegistryContentType()
      throws IOException {
    server.nextId(42);

    int id = client.register(SUBJECT, SCHEMA);

    assertThat(id).isEqualTo(42);
    Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/subjects/dq-events-value/versions");
    assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
    assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(SCHEMA.toString());
    assertThat(JSON.readTree(request.body()).size()).isEqualTo(1);
  }

  @Test
  void registerAsksTheRegistryOnlyOncePerSubjectAndSchema() {
    int first = client.register(SUBJECT, SCHEMA);
    int second = client.register(SUBJECT, new Schema.Parser().parse(SCHEMA.toString()));

    assertThat(second).isEqualTo(first);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void registerUnderAnotherSubjectAsksTheRegistryAgain() {
    client.register(SUBJECT, SCHEMA);
    client.register("dq-events-replay-value", SCHEMA);

    assertThat(server.requests())
        .extracting(Request::rawPath)
        .containsExactly(
            "/subjects/dq-events-value/versions", "/subjects/dq-events-replay-value/versions");
  }

  @Test
  void lookupPostsTheSchemaToTheSubjectAndNeverRegisters() throws IOException {
    int registered = client.register(SUBJECT, SCHEMA);
    SchemaRegistryClient other = new SchemaRegistryClient(SchemaRegistryConfig.of(server.url()));

    int found = other.lookup(SUBJECT, SCHEMA);

    assertThat(found).isEqualTo(registered);
    Request request = server.requests().get(1);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/subjects/dq-events-value");
    assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
    assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(SCHEMA.toString());
  }

  @Test
  void lookupIsCachedLikeRegister() {
    client.register(SUBJECT, SCHEMA);
    SchemaRegistryClient other = new SchemaRegistryClient(SchemaRegistryConfig.of(server.url()));

    other.lookup(SUBJECT, SCHEMA);
    other.lookup(SUBJECT, SCHEMA);

    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void lookupOfAnUnregisteredSchemaFailsAsNotFound() {
    SchemaRegistryException e =
        catchThrowableOfType(() -> client.lookup(SUBJECT, SCHEMA), SchemaRegistryException.class);

    assertThat(e.isNotFound()).isTrue();
    assertThat(e.errorCode()).hasValue(40403);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void schemaByIdFetchesAndParsesTheWriterSchema() {
    server.storeSchema(7, SCHEMA.toString());

    Schema schema = client.schemaById(7);

    assertThat(schema).isEqualTo(SCHEMA);
    assertThat(server.requests().get(0).method()).isEqualTo("GET");
    assertThat(server.requests().get(0).rawPath()).isEqualTo("/schemas/ids/7");
  }

  @Test
  void schemaByIdNeverFetchesAKnownIdAgain() {
    server.storeSchema(7, SCHEMA.toString());

    Schema first = client.schemaById(7);
    Schema second = client.schemaById(7);

    assertThat(second).isSameAs(first);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void schemaByIdOfAnUnknownIdFailsAsNotFoundNamingTheUrl() {
    SchemaRegistryException e =
        catchThrowableOfType(() -> client.schemaById(99), SchemaRegistryException.class);

    assertThat(e.isNotFound()).isTrue();
    assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.HTTP_ERROR);
    assertThat(e.url()).isEqualTo(server.url() + "/schemas/ids/99");
    assertThat(e.getMessage())
        .contains("HTTP 404", "GET " + server.url() + "/schemas/ids/99", "40403");
  }

  @Test
  void failuresAreNotCached() {
    server.answer("GET", "/schemas/ids/7", 503, "{\"error_code\":50301,\"message\":\"busy\"}");
    assertThatThrownBy(() -> client.schemaById(7)).isInstanceOf(SchemaRegistryException.class);

    server.answer(
        "GET",
        "/schemas/ids/7",
        200,
        JSON.createObjectNode().put("schema", "\"string\"").toString());

    assertThat(client.schemaById(7).getType()).isEqualTo(Schema.Type.STRING);
  }

  @Test
  void schemaThatIsNotAvroIsAnUnusableAnswer() {
    server.answer(
        "GET", "/schemas/ids/8", 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = 1;\"}");

    assertThatThrownBy(() -> client.schemaById(8))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.INVALID_RESPONSE))
        .hasMessageContaining("schema 8 is PROTOBUF, not Avro");
  }

  @Test
  void unparseableSchemaIsAnUnusableAnswer() {
    server.answer("GET", "/schemas/ids/8", 200, "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}");

    assertThatThrownBy(() -> client.schemaById(8))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("schema 8 is not a valid Avro schema");
  }

  @Test
  void aNonJsonSuccessIsAnUnusableAnswer() {
    server.answer("POST", "/subjects/dq-events-value/versions", 200, "<html>login</html>");

    assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.INVALID_RESPONSE))
        .hasMessageContaining("expected a JSON object, got: <html>login</html>");
  }

  @Test
  void compatibilityReadsTheSubjectsLevel() {
    client.setCompatibility(SUBJECT, "BACKWARD");

    assertThat(client.compatibility(SUBJECT)).contains("BACKWARD");
    Request request = server.requests().get(1);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawPath()).isEqualTo("/config/dq-events-value");
  }

  @Test
  void compatibilityOfASubjectWithoutItsOwnLevelIsEmpty() {
    assertThat(client.compatibility("never-configured-value")).isEmpty();
  }

  @Test
  void compatibilityIsReadAfreshEachTime() {
    client.compatibility(SUBJECT);
    client.compatibility(SUBJECT);

    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void setCompatibilityPutsTheLevelWithTheRegistryContentType() throws IOException {
    client.setCompatibility(SUBJECT, "backward");

    Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.rawPath()).isEqualTo("/config/dq-events-value");
    assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
    assertThat(JSON.readTree(request.body()))
        .isEqualTo(JSON.readTree("{\"compatibility\":\"BACKWARD\"}"));
  }

  @Test
  void setCompatibilityRefusesAnUnknownLevelBeforeSendingAnything() {
    assertThatThrownBy(() -> client.setCompatibility(SUBJECT, "BACKWARDS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'BACKWARDS'")
        .hasMessageContaining("BACKWARD, BACKWARD_TRANSITIVE, FORWARD");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void encodesTheSubjectAsOnePathSegment() {
    client.register("team a/dq events+value", SCHEMA);

    assertThat(server.requests().get(0).rawPath())
        .isEqualTo("/subjects/team%20a%2Fdq%20events%2Bvalue/versions");
  }

  @Test
  void sendsUrlUserInfoAsABasicAuthorizationHeader() {
    client =
        new SchemaRegistryClient(
            SchemaRegistryConfig.of(server.urlWithUserInfo("alice:" + PASSWORD)));

    client.register(SUBJECT, SCHEMA);

    assertThat(server.requests().get(0).authorization())
        .isEqualTo("Basic " + base64("alice:" + PASSWORD));
  }

  @Test
  void sendsNoAuthorizationHeaderWithoutCredentials() {
    client.register(SUBJECT, SCHEMA);

    assertThat(server.requests().get(0).authorization()).isNull();
  }

  @Test
  void aRegistryErrorNamesUrlStatusErrorCodeAndMessage() {
    server.answer(
        "POST",
        "/subjects/dq-events-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");

    SchemaRegistryException e =
        catchThrowableOfType(() -> client.register(SUBJECT, SCHEMA), SchemaRegistryException.class);

    assertThat(e.getMessage())
        .isEqualTo(
            "Schema registry answered HTTP 409 to POST "
                + server.url()
                + "/subjects/dq-events-value/versions: error_code 409,"
                + " Schema being registered is incompatible");
    assertThat(e.status()).hasValue(409);
    assertThat(e.errorCode()).hasValue(409);
    assertThat(e.registryMessage()).contains("Schema being registered is incompatible");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void aServerErrorWithoutRegistryJsonNamesUrlStatusAndABodyExcerpt() {
    server.answer("GET", "/schemas/ids/3", 502, "<html>\n<h1>Bad Gateway</h1>\n</html>");

    SchemaRegistryException e =
        catchThrowableOfType(() -> client.schemaById(3), SchemaRegistryException.class);

    assertThat(e.getMessage())
        .isEqualTo(
            "Schema registry answered HTTP 502 to GET "
                + server.url()
                + "/schemas/ids/3: <html> <h1>Bad Gateway</h1> </html>");
    assertThat(e.errorCode()).isEmpty();
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void errorsNeverContainThePasswordGivenAsUrlUserInfo() {
    client =
        new SchemaRegistryClient(
            SchemaRegistryConfig.of(server.urlWithUserInfo("alice:" + PASSWORD)));
    // A proxy that echoes what it got, credentials included.
    server.answer(
        "GET",
        "/schemas/ids/3",
        500,
        "{\"error_code\":50001,\"message\":\"failed for alice:"
            + PASSWORD
            + " Basic "
            + base64("alice:" + PASSWORD)
            + "\"}");

    SchemaRegistryException e =
        catchThrowableOfType(() -> client.schemaById(3), SchemaRegistryException.class);

    assertThat(e.getMessage()).contains("HTTP 500", server.url() + "/schemas/ids/3");
    assertThat(e.url()).isEqualTo(server.url() + "/schemas/ids/3");
    assertNoSecretIn(e);
  }

  @Test
  void errorsNeverContainThePasswordGivenAsBasicAuthUserInfo() {
    client =
        new SchemaRegistryClient(
            SchemaRegistryConfig.of(server.url()).withBasicAuth("alice:" + PASSWORD));
    server.answer("GET", "/schemas/ids/3", 401, "Unauthorized: alice:" + PASSWORD);

    SchemaRegistryException e =
        catchThrowableOfType(() -> client.schemaById(3), SchemaRegistryException.class);

    assertThat(e.getMessage()).contains("HTTP 401", server.url() + "/schemas/ids/3");
    assertNoSecretIn(e);
    assertThat(client.toString()).doesNotContain(PASSWORD);
    assertThat(client.config().toString()).doesNotContain(PASSWORD);
  }

  @Test
  void anUnreachableRegistryIsReportedAsUnreachableNamingTheUrlButNotThePassword()
      throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    client =
        new SchemaRegistryClient(
            SchemaRegistryConfig.of(
                "http://alice:" + PASSWORD + "@127.0.0.1:" + closedPort + "/v7"));

    SchemaRegistryException e =
        catchThrowableOfType(() -> client.register(SUBJECT, SCHEMA), SchemaRegistryException.class);

    assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNREACHABLE);
    assertThat(e.status()).isEmpty();
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage())
        .startsWith(
            "Schema registry unreachable: POST http://127.0.0.1:"
                + closedPort
                + "/v7/subjects/dq-events-value/versions got no answer: ")
        .endsWith("connection refused or closed");
    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertNoSecretIn(e);
  }

  @Test
  @Timeout(20) // a guard against hanging, not the assertion
  void theRequestTimeoutIsHonouredWhenTheRegistryNeverAnswers() {
    server.hang("GET", "/schemas/ids/5");
    client =
        new SchemaRegistryClient(
            SchemaRegistryConfig.of(server.url()).withRequestTimeout(Duration.ofMillis(300)));

    SchemaRegistryException e =
        catchThrowableOfType(() -> client.schemaById(5), SchemaRegistryException.class);

    assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNREACHABLE);
    assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
    assertThat(e.getMessage()).contains("GET " + server.url() + "/schemas/ids/5");
  }

  @Test
  void refusesABlankSubject() {
    assertThatThrownBy(() -> client.register(" ", SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject ' ' is blank");
  }

  @Test
  void classifiesWhatIsWorthRetrying() {
    assertThat(
            SchemaRegistryException.httpError("GET", "http://r/x", 429, null, null).isRetryable())
        .isTrue();
    assertThat(
            SchemaRegistryException.httpError("GET", "http://r/x", 408, null, null).isRetryable())
        .isTrue();
    assertThat(
            SchemaRegistryException.httpError("GET", "http://r/x", 503, null, null).isRetryable())
        .isTrue();
    assertThat(
            SchemaRegistryException.httpError("GET", "http://r/x", 501, null, null).isRetryable())
        .isFalse();
    assertThat(
            SchemaRegistryException.httpError("GET", "http://r/x", 422, null, null).isRetryable())
        .isFalse();
  }

  @Test
  void anExceptionStripsUserInfoFromAnyUrlItIsGiven() {
    SchemaRegistryException e =
        SchemaRegistryException.httpError(
            "GET", "https://u:" + PASSWORD + "@r:8081/x", 500, null, null);

    assertThat(e.url()).isEqualTo("https://r:8081/x");
    assertNoSecretIn(e);
  }

  private static void assertNoSecretIn(SchemaRegistryException e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .doesNotContain(PASSWORD)
        .doesNotContain(base64("alice:" + PASSWORD));
    assertThat(e.toString()).doesNotContain(PASSWORD);
    assertThat(e.url()).doesNotContain(PASSWORD);
    assertThat(e.registryMessage().orElse("")).doesNotContain(PASSWORD);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
