package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ForwarderMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = ForwarderMain.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: dq-forwarder").contains("run").contains("config-reference");
    assertThat(run("run", "--help")).isZero();
    assertThat(out.toString()).contains("--config=FILE").contains("--conf=KEY=VALUE").contains("DD_API_KEY");
    assertThat(run("config-reference", "--help")).isZero();
    assertThat(out.toString()).contains("--write=FILE");
    assertThat(run("health", "--help")).isZero();
    assertThat(out.toString()).contains("--ready").contains("--port=PORT").contains("--config=FILE");
    assertThat(run("replay", "--help")).isZero();
    assertThat(out.toString()).contains("--from=TIME|PARTITION:OFFSET").contains("--to=TIME").contains("--dry-run")
        .contains("--force").contains("--rate=N").contains("--event-type=TYPE").contains("--store=STORE_ID")
        .contains("--config=FILE");
    assertThat(run("dlq", "--help")).isZero();
    assertThat(out.toString()).contains("list").contains("show").contains("redrive");
    assertThat(run("dlq", "redrive", "--help")).isZero();
    assertThat(out.toString()).contains("--all").contains("PARTITION:OFFSET").contains("-dlq-redrive");
  }

  @Test
  void withoutACommandPrintsTheUsageToStderrAndExitsTwo() {
    assertThat(run()).isEqualTo(ForwarderMain.CONFIG_ERROR);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("dq-forwarder: a command is required").contains("Usage: dq-forwarder")
        .contains("health");
  }

  @Test
  void aConfigurationMistakeExitsWithTwoAndNamesTheKey() {
    int code = run("run", "--conf", "consume.bootstrap-servers=kafka:9092", "--conf",
        "schema-registry.url=http://registry:8081", "--conf", "dedupe.horizon=forever");

    assertThat(code).isEqualTo(ForwarderMain.CONFIG_ERROR);
    assertThat(err.toString()).startsWith("Configuration error: dedupe.horizon: 'forever' ");
  }

  @Test
  void aMistakeInAToolsOptionsExitsWithTwoAndNamesTheOption() {
    int code = run("replay", "--from", "last tuesday", "--conf", "consume.bootstrap-servers=kafka:9092", "--conf",
        "schema-registry.url=http://registry:8081");

    assertThat(code).isEqualTo(ForwarderMain.CONFIG_ERROR);
    assertThat(err.toString()).contains("--from: 'last tuesday' is neither a time nor partition:offset pairs");
  }

  @Test
  void printsTheSettingsReference() {
    assertThat(run("config-reference")).isZero();
    assertThat(out.toString()).isEqualTo(ForwarderConfig.reference());
  }
}
