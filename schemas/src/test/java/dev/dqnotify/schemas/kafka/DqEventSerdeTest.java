package dev.dqnotify.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEvents;
import dev.dqnotify.schemas.FakeRegistryServer;
import dev.dqnotify.schemas.FakeRegistryServer.Request;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.WireFormat;
import dev.dqnotify.schemas.codec.WireFormatException;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DqEventSerializer} and {@link DqEventDeserializer}, configured as Kafka would. */
class DqEventSerdeTest {

  private static final String TOPIC = "dq-events";
  private static final String PASSWORD = "s3cret-for-the-registry";

  private FakeRegistryServer server;
  private final DqEventSerializer serializer = new DqEventSerializer();
  private final DqEventDeserializer deserializer = new DqEventDeserializer();

  @BeforeEach
  void start() {
    server = FakeRegistryServer.start();
  }

  @AfterEach
  void stop() {
    serializer.close();
    deserializer.close();
    server.close();
  }

  /**
   * Configuring the value serializer with the fake registry's URL and {@code keysAndValues} over it
   * fails as a configuration mistake; the message is for the caller to check.
   */
  private AbstractThrowableAssert<?, ? extends Throwable> assertThatConfiguringFails(String... keysAndValues) {
    Map<String, Object> configs = new HashMap<>();
    configs.put("schema.registry.url", server.url());
    for (int i = 0; i < keysAndValues.length; i += 2) {
      configs.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return assertThatThrownBy(() -> serializer.configure(configs, false)).isInstanceOf(ConfigException.class);
  }

  @Test
  void registersUnderTheTopicsValueSubjectAndFramesTheRegisteredId() {
    server.nextId(0x01020304);
    serializer.configure(Map.of("schema.registry.url", server.url()), false);

    byte[] payload = serializer.serialize(TOPIC, DqEvents.sample());

    assertThat(WireFormat.schemaId(payload)).isEqualTo(0x01020304);
    assertThat(server.requests())
        .extracting(Request::method, Request::rawPath)
        .containsExactly(tuple("POST", "/subjects/dq-events-value/versions"));
  }

  @Test
  void aKeySerializerUsesTheTopicsKeySubject() {
    serializer.configure(Map.of("schema.registry.url", server.url()), true);

    serializer.serialize(TOPIC, DqEvents.sample());

    assertThat(server.requests().get(0).rawPath()).isEqualTo("/subjects/dq-events-key/versions");
  }

  @Test
  void registersOncePerTopicAcrossManyRecords() {
    serializer.configure(Map.of("schema.registry.url", server.url()), false);

    serializer.serialize(TOPIC, DqEvents.sample());
    serializer.serialize(TOPIC, DqEvents.minimal());
    serializer.serialize("dq-events-replay", DqEvents.sample());

    assertThat(server.requests())
        .extracting(Request::rawPath)
        .containsExactly(
            "/subjects/dq-events-value/versions", "/subjects/dq-events-replay-value/versions");
  }

  @Test
  void whatTheSerializerWritesTheDeserializerReads() {
    serializer.configure(Map.of("schema.registry.url", server.url()), false);
    deserializer.configure(Map.of("schema.registry.url", server.url()), false);

    DqEvent read = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, DqEvents.sample()));

    assertThat(read).isEqualTo(DqEvents.sample());
    assertThat(server.requests())
        .extracting(Request::method, Request::rawPath)
        .containsExactly(
            tuple("POST", "/subjects/dq-events-value/versions"), tuple("GET", "/schemas/ids/1"));
  }

  @Test
  void withAutoRegisterOffItLooksTheSchemaUpInsteadOfRegistering() {
    DqEventSerializer registering = new DqEventSerializer();
    registering.configure(Map.of("schema.registry.url", server.url()), false);
    int id = WireFormat.schemaId(registering.serialize(TOPIC, DqEvents.sample()));
    serializer.configure(
        Map.of("schema.registry.url", server.url(), "auto.register.schemas", "false"), false);

    byte[] payload = serializer.serialize(TOPIC, DqEvents.sample());

    assertThat(WireFormat.schemaId(payload)).isEqualTo(id);
    assertThat(server.requests().get(1).method()).isEqualTo("POST");
    assertThat(server.requests().get(1).rawPath()).isEqualTo("/subjects/dq-events-value");
  }

  @Test
  void withAutoRegisterOffAnUnregisteredSchemaFailsAsNotFound() {
    serializer.configure(
        Map.of("schema.registry.url", server.url(), "auto.register.schemas", false), false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, DqEvents.sample()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  @Test
  void sendsBasicAuthUserInfoAndKeepsItOutOfErrors() {
    server.answer(
        "POST", "/subjects/dq-events-value/versions", 503, "unavailable for bob:" + PASSWORD);
    serializer.configure(
        Map.of("schema.registry.url", server.url(), "basic.auth.user.info", "bob:" + PASSWORD),
        false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, DqEvents.sample()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining(server.url() + "/subjects/dq-events-value/versions")
        .hasMessageNotContaining(PASSWORD);
    assertThat(server.requests().get(0).authorization())
        .isEqualTo("Basic " + base64("bob:" + PASSWORD));
  }

  @Test
  void usesUrlUserInfoWhenNoUserInfoKeyIsGiven() {
    serializer.configure(
        Map.of("schema.registry.url", server.urlWithUserInfo("carol:" + PASSWORD)), false);

    serializer.serialize(TOPIC, DqEvents.sample());

    assertThat(server.requests().get(0).authorization())
        .isEqualTo("Basic " + base64("carol:" + PASSWORD));
  }

  @Test
  void userInfoSourceWinsOverUrlUserInfoAsWithConfluent() {
    serializer.configure(
        Map.of(
            "schema.registry.url",
            server.urlWithUserInfo("carol:one"),
            "basic.auth.credentials.source",
            "USER_INFO",
            "basic.auth.user.info",
            "bob:" + PASSWORD),
        false);

    serializer.serialize(TOPIC, DqEvents.sample());

    assertThat(server.requests().get(0).authorization())
        .isEqualTo("Basic " + base64("bob:" + PASSWORD));
  }

  @Test
  void aMissingRegistryUrlFailsNamingTheKey() {
    assertThatThrownBy(() -> serializer.configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> deserializer.configure(Map.of("schema.registry.url", " "), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void anInvalidRegistryUrlFailsNamingKeyAndValueWithoutCredentials() {
    assertThatThrownBy(
            () ->
                serializer.configure(
                    Map.of("schema.registry.url", "ftp://bob:" + PASSWORD + "@registry/x"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("ftp://<masked>@registry/x")
        .hasMessageContaining("http or https")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void anInvalidAutoRegisterValueFailsNamingKeyAndValue() {
    assertThatConfiguringFails("auto.register.schemas", "yes")
        .hasMessageContaining("auto.register.schemas")
        .hasMessageContaining("yes");
  }

  @Test
  void malformedUserInfoFailsNamingTheKeyButNotTheValue() {
    assertThatConfiguringFails("basic.auth.user.info", PASSWORD)
        .hasMessageContaining("basic.auth.user.info")
        .hasMessageContaining("user:password")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void confluentsTlsKeysReachTheRegistryClientAndAMissingStoreIsNamedAtConfigure() {
    assertThatConfiguringFails(
            "schema.registry.ssl.truststore.location", "/nonexistent/trust.p12",
            "schema.registry.ssl.truststore.password", PASSWORD)
        .hasMessageContaining("schema.registry.ssl.truststore.location")
        .hasMessageContaining("/nonexistent/trust.p12 does not exist")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void userInfoSourceWithoutUserInfoFailsNamingBothKeys() {
    assertThatConfiguringFails("basic.auth.credentials.source", "USER_INFO")
        .hasMessageContaining("basic.auth.credentials.source")
        .hasMessageContaining("basic.auth.user.info");
  }

  @Test
  void anUnsupportedCredentialsSourceFailsNamingWhatIsValid() {
    assertThatConfiguringFails("basic.auth.credentials.source", "SASL_INHERIT")
        .hasMessageContaining("SASL_INHERIT")
        .hasMessageContaining("USER_INFO and URL");
  }

  @Test
  void anotherSubjectNameStrategyIsRefusedRatherThanIgnored() {
    assertThatConfiguringFails(
            "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy")
        .hasMessageContaining("value.subject.name.strategy")
        .hasMessageContaining("only TopicNameStrategy");
  }

  @Test
  void nullRecordsAndNullBytesPassThroughAsTombstones() {
    serializer.configure(Map.of("schema.registry.url", server.url()), false);
    deserializer.configure(Map.of("schema.registry.url", server.url()), false);

    assertThat(serializer.serialize(TOPIC, null)).isNull();
    assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void theDeserializerReportsBytesThatAreNotTheWireFormat() {
    deserializer.configure(Map.of("schema.registry.url", server.url()), false);

    assertThatThrownBy(
            () -> deserializer.deserialize(TOPIC, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE));
  }

  @Test
  void builtFromACodecBothWorkWithoutConfiguration() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    AvroWireCodec<DqEvent> codec = AvroWireCodec.forDqEvents(registry);
    DqEventSerializer wired = new DqEventSerializer(codec);
    DqEventDeserializer wiredReader = new DqEventDeserializer(codec);

    DqEvent read =
        wiredReader.deserialize(TOPIC, wired.serialize("other-topic", DqEvents.sample()));

    assertThat(read).isEqualTo(DqEvents.sample());
    assertThat(registry.lookup("other-topic-value", DqEvent.getClassSchema())).isEqualTo(1);
  }

  @Test
  void anUnconfiguredSerializerSaysWhatIsMissing() {
    assertThatThrownBy(() -> serializer.serialize(TOPIC, DqEvents.sample()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not configured");
  }

  @Test
  void declaresEveryKeyWithADescription() {
    assertThat(DqEventSerdeConfig.configDef().names())
        .contains(
            "schema.registry.url",
            "basic.auth.user.info",
            "basic.auth.credentials.source",
            "auto.register.schemas");
    DqEventSerdeConfig.configDef()
        .configKeys()
        .values()
        .forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
