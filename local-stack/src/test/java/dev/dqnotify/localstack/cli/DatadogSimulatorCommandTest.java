package dev.dqnotify.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatadogSimulatorCommandTest {

  @TempDir Path folder;

  @Test
  void stopsAtStartWithAClearMessageWhenTheRequestLogCannotBeWritten() throws IOException {
    Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new LocalStackCommand());
    command.setErr(new PrintWriter(err, true));

    int exit =
        command.execute(
            "datadog-simulator",
            "--port",
            "0",
            "--request-log",
            notAFolder.resolve("requests.jsonl").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("request log")
        .contains(notAFolder.resolve("requests.jsonl").toString());
  }

  @Test
  void documentsTheRequestLogOptionAndItsEnvironmentVariable() {
    String usage =
        new CommandLine(new LocalStackCommand())
            .getSubcommands()
            .get("datadog-simulator")
            .getUsageMessage();

    assertThat(usage).contains("--request-log=FILE").contains("DATADOG_SIMULATOR_REQUEST_LOG");
  }
}
