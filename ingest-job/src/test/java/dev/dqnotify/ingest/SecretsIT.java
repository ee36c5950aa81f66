package dev.dqnotify.ingest;

import static dev.dqnotify.ingest.testing.RawMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.ingest.testing.SparkTestSession;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job run as operators run it, with SASL and TLS passwords among its {@code kafka.*} settings
 * (some on the command line, some from a file named in the environment), a per-cluster override
 * and a registry URL with user-info: no secret appears in anything it logs at INFO (its own lines,
 * Spark's, Kafka's) or prints. The broker is plaintext, so the security settings are carried and
 * logged but not used — which is exactly the situation in which they leak unnoticed.
 */
@ExtendWith(LocalStackExtension.class)
class SecretsIT {
  private static final String JAAS_PASSWORD = "jaas-pw-Q7x2";
  private static final String OUTBOX_JAAS_PASSWORD = "outbox-jaas-pw-K9v4";
  private static final String TRUSTSTORE_PASSWORD = "truststore-pw-M3n8";
  private static final String KEY_PASSWORD = "key-pw-R5t1";
  private static final String REGISTRY_PASSWORD = "registry-pw-W6z0";
  private static final List<String> SECRETS =
      List.of(JAAS_PASSWORD, OUTBOX_JAAS_PASSWORD, TRUSTSTORE_PASSWORD, KEY_PASSWORD, REGISTRY_PASSWORD);

  @Test
  void noSecretOfTheKafkaSettingsOrTheRegistryUrlAppearsInTheJobsLogOrOutput(KafkaBroker kafka,
      SchemaRegistryServer registry, @TempDir Path dir) throws Exception {
    SparkTestSession.get();
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1);
        OutboxReader outbox = fixture.outbox();
        LogCapture log = LogCapture.start()) {
      Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
      fixture.send("s-1", message("few", "store-0001", "s-1", t0, 2));
      Path keyPassword = Files.writeString(dir.resolve("ssl-key-password"), KEY_PASSWORD + "\n");
      String registryUrl = registry.confluentApiUrl().replace("://", "://dq-ingest:" + REGISTRY_PASSWORD + "@");
      Map<String, String> settings = fixture.settings("checkpoint", Map.of(
          "trigger.mode", "available-now",
          "schema-registry.url", registryUrl,
          "kafka.security.protocol", "PLAINTEXT",
          "kafka.sasl.mechanism", "PLAIN",
          "kafka.sasl.jaas.config", jaas("dq-ingest", JAAS_PASSWORD),
          "kafka.outbox.sasl.jaas.config", jaas("dq-outbox", OUTBOX_JAAS_PASSWORD),
          "kafka.ssl.truststore.password", TRUSTSTORE_PASSWORD));
      List<String> args = new ArrayList<>();
      settings.forEach((key, value) -> {
        args.add("--conf");
        args.add(key + "=" + value);
      });
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int code = CompletableFuture.supplyAsync(() -> IngestJob.run(args.toArray(String[]::new),
              Map.of("DQNOTIFY_KAFKA_SSL_KEY_PASSWORD_FILE", keyPassword.toString()), new PrintStream(err, true)))
          .get(3, TimeUnit.MINUTES);

      assertThat(code).as("exit code; stderr: %s", err).isZero();
      assertThat(outbox.readUntil(events -> !events.isEmpty(), Duration.ofSeconds(30)))
          .as("the DqEvent reached the outbox through the registry URL with user-info").isNotEmpty();
      String logged = log.text() + err.toString(StandardCharsets.UTF_8);
      assertThat(logged).as("what the job logged").contains("Starting sensor-ingest with", "AdminClientConfig values")
          .contains("sasl.jaas.config=<masked>").contains("ssl.key.password=<masked>")
          .contains("://<masked>@127.0.0.1");
      for (String secret : SECRETS) {
        assertThat(logged).as("the log must not show %s", secret).doesNotContain(secret);
      }
    }
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }

  /** Everything logged at INFO and above while open, by every logger; the console gets none of it meanwhile. */
  private static final class LogCapture implements AutoCloseable {
    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Map<String, Appender> rootAppenders;
    private final Level rootLevel;
    private final Appender appender;

    private LogCapture() {
      Configuration config = context.getConfiguration();
      LoggerConfig root = config.getRootLogger();
      rootAppenders = Map.copyOf(root.getAppenders());
      rootLevel = root.getLevel();
      appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable")
          .withConfiguration(config).build(), null, text, "secrets-it", false, true);
      appender.start();
      rootAppenders.keySet().forEach(root::removeAppender);
      root.addAppender(appender, Level.INFO, null);
      root.setLevel(Level.INFO);
      context.updateLoggers();
    }

    static LogCapture start() {
      return new LogCapture();
    }

    synchronized String text() {
      return text.toString();
    }

    @Override
    public void close() {
      LoggerConfig root = context.getConfiguration().getRootLogger();
      root.removeAppender(appender.getName());
      rootAppenders.values().forEach(a -> root.addAppender(a, null, null));
      root.setLevel(rootLevel);
      context.updateLoggers();
      appender.stop();
    }
  }
}
