package dev.dqnotify.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.FakeRegistryServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over TLS, configured with Confluent's property names, against an HTTPS
 * registry that requires a client certificate. The certificates are made by the JDK's keytool.
 */
class RegistryTlsTest {
  private static final String SERVER_PW = "server-store-pw-4711";
  private static final String CLIENT_PW = "client-store-pw-0815";
  private static final String TRUST_PW = "trust-store-pw-1234";
  private static final String AUTH_PW = "registry-auth-pw-9876";

  @TempDir static Path dir;
  static Path serverStore;
  static Path serverTrust;
  static Path clientStore;
  static Path clientTrust;
  static FakeRegistryServer server;

  @BeforeAll
  static void certificatesAndAMutualTlsRegistry() throws Exception {
    serverStore = keyPair("server", SERVER_PW, "ip:127.0.0.1");
    clientStore = keyPair("client", CLIENT_PW, "dns:dqnotify-client");
    clientTrust = trusting("server", serverStore, SERVER_PW, "client-trust.p12", TRUST_PW);
    serverTrust = trusting("client", clientStore, CLIENT_PW, "server-trust.p12", TRUST_PW);
    server = FakeRegistryServer.startHttps(serverContext(), true);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, String> confluentProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("schema.registry.url", server.url());
    properties.put("basic.auth.credentials.source", "USER_INFO");
    properties.put("basic.auth.user.info", "alice:" + AUTH_PW);
    properties.put("schema.registry.ssl.truststore.location", clientTrust.toString());
    properties.put("schema.registry.ssl.truststore.password", TRUST_PW);
    properties.put("schema.registry.ssl.truststore.type", "PKCS12");
    properties.put("schema.registry.ssl.keystore.location", clientStore.toString());
    properties.put("schema.registry.ssl.keystore.password", CLIENT_PW);
    properties.put("schema.registry.ssl.keystore.type", "PKCS12");
    return properties;
  }

  @Test
  void registersOverMutualTlsWithConfluentsTrustStoreKeyStoreAndBasicAuthNames() {
    SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.fromProperties(confluentProperties()));

    int id = client.register("dq-events-value", DqEvent.getClassSchema());

    assertThat(client.schemaById(id)).isEqualTo(DqEvent.getClassSchema());
    assertThat(server.requests()).isNotEmpty().allSatisfy(request ->
        assertThat(request.authorization()).startsWith("Basic "));
  }

  @Test
  void withoutOurTrustStoreTheRegistrysCertificateIsRefused() {
    Map<String, String> properties = confluentProperties();
    properties.remove("schema.registry.ssl.truststore.location");
    properties.remove("schema.registry.ssl.truststore.password");
    properties.remove("schema.registry.ssl.truststore.type");
    SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.fromProperties(properties));

    assertThatThrownBy(() -> client.register("dq-events-value", DqEvent.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class).hasMessageNotContaining(AUTH_PW);
  }

  @Test
  void withoutAClientCertificateARegistryThatRequiresOneRefusesTheConnection() {
    Map<String, String> properties = confluentProperties();
    properties.keySet().removeIf(key -> key.startsWith("schema.registry.ssl.keystore."));
    SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryConfig.fromProperties(properties));

    assertThatThrownBy(() -> client.register("dq-events-value", DqEvent.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void aWrongStorePasswordIsRefusedAtOnceNamingTheStoreButNotAnyPassword() {
    Map<String, String> properties = confluentProperties();
    properties.put("schema.registry.ssl.truststore.password", "not-the-pw-5555");

    assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truststore " + clientTrust.toAbsolutePath())
        .hasMessageNotContaining("not-the-pw-5555").hasMessageNotContaining(TRUST_PW).hasMessageNotContaining(AUTH_PW);
  }

  @Test
  void aMissingStoreFileOrAPasswordWithoutAStoreIsNamed() {
    Map<String, String> missing = confluentProperties();
    missing.put("schema.registry.ssl.keystore.location", dir.resolve("nope.p12").toString());
    Map<String, String> orphan = confluentProperties();
    orphan.remove("schema.registry.ssl.truststore.location");

    assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(missing))
        .hasMessageContaining("keystore").hasMessageContaining("nope.p12 does not exist");
    assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(orphan))
        .hasMessageContaining("schema.registry.ssl.truststore.password is given without "
            + "schema.registry.ssl.truststore.location");
  }

  @Test
  void credentialsFromTheUrlOrFromUserInfoAsTheCredentialsSourceSays() {
    Map<String, String> fromUrl = Map.of("schema.registry.url", "https://bob:url-pw-2222@registry:8081",
        "basic.auth.credentials.source", "URL");
    Map<String, String> both = Map.of("schema.registry.url", "https://registry:8081",
        "basic.auth.credentials.source", "URL", "basic.auth.user.info", "alice:" + AUTH_PW);
    Map<String, String> other = Map.of("schema.registry.url", "https://registry:8081",
        "basic.auth.credentials.source", "SASL_INHERIT");

    assertThat(SchemaRegistryConfig.fromProperties(fromUrl).basicAuth()).hasValueSatisfying(c ->
        assertThat(c.user()).isEqualTo("bob"));
    assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(both))
        .hasMessageContaining("basic.auth.user.info is given but basic.auth.credentials.source is URL")
        .hasMessageNotContaining(AUTH_PW);
    assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(other))
        .hasMessageContaining("'SASL_INHERIT' is not supported; use USER_INFO");
  }

  @Test
  void theConfigAsTextShowsWhichStoresButNoPassword() {
    String text = SchemaRegistryConfig.fromProperties(confluentProperties()).toString();

    assertThat(text).contains(clientTrust.toString(), clientStore.toString(), "<masked>")
        .doesNotContain(TRUST_PW, CLIENT_PW, AUTH_PW);
  }

  private static SSLContext serverContext() throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(serverStore, SERVER_PW), SERVER_PW.toCharArray());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(serverTrust, TRUST_PW));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  private static Path keyPair(String alias, String password, String san) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
        "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass:env", password);
    return store;
  }

  private static Path trusting(String alias, Path keyStore, String keyStorePassword, String name, String password)
      throws Exception {
    Path certificate = dir.resolve(alias + ".crt");
    keytool("-exportcert", "-alias", alias, "-keystore", keyStore.toString(), "-storepass:env", keyStorePassword,
        "-file", certificate.toString());
    Path store = dir.resolve(name);
    keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass:env", password);
    return store;
  }

  /** Runs keytool; the value after {@code -storepass:env} is the password, handed over in the environment. */
  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (int i = 0; i < args.length; i++) {
      command.add(args[i]);
      if (args[i].equals("-storepass:env")) {
        builder.environment().put("DQ_TEST_STOREPASS", args[++i]);
        command.add("DQ_TEST_STOREPASS");
      }
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(process.exitValue()).as("keytool " + args[0] + ": " + output).isZero();
  }
}
