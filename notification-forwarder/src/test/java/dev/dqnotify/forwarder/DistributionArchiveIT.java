package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.config.Settings;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder's distribution archive as the build leaves it ({@code package} runs before the
 * integration tests): what it holds, and that the systemd unit in it points at files it holds.
 */
class DistributionArchiveIT {

  private static final Path TARGET = Paths.get("target").toAbsolutePath();
  private static final String INSTALLED = "/opt/dqnotify/forwarder/";

  private static Path archive;
  private static String top;

  @BeforeAll
  static void findArchive() throws IOException {
    try (Stream<Path> files = Files.list(TARGET)) {
      List<Path> archives = files.filter(p -> p.getFileName().toString().matches("dq-forwarder-.+\\.tar\\.gz"))
          .toList();
      assertThat(archives).as("the build's dq-forwarder-<version>.tar.gz in " + TARGET).hasSize(1);
      archive = archives.get(0);
    }
    String name = archive.getFileName().toString();
    top = name.substring(0, name.length() - ".tar.gz".length()) + "/";
  }

  private static Process run(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  private static Path extract(Path into) throws Exception {
    Path log = into.resolve("tar.log");
    Process tar = run(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()), log);
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).as(Files.readString(log)).isZero();
    return into.resolve(top);
  }

  @Test
  void holdsTheProgramItsLibrariesDocsSystemdUnitAndExampleConfigUnderOneVersionedFolder(@TempDir Path dir)
      throws Exception {
    Path root = extract(dir);

    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(top.replace("/", ""),
          "tar.log");
    }
    assertThat(root.resolve("bin/dq-forwarder")).isExecutable();
    assertThat(root.resolve("docs/forwarder.md")).hasSameTextualContentAs(Paths.get("../docs/forwarder.md"));
    assertThat(root.resolve("docs/runbook.md")).isRegularFile();
    assertThat(root.resolve("docs/deployment.md")).isRegularFile();
    assertThat(root.resolve("systemd/dq-forwarder.service"))
        .hasSameTextualContentAs(Paths.get("../deploy/systemd/dq-forwarder.service"));
    assertThat(root.resolve("config/forwarder.conf"))
        .hasSameTextualContentAs(Paths.get("../deploy/config/forwarder.conf"));
    try (Stream<Path> libs = Files.list(root.resolve("lib"));
        Stream<Path> built = Files.list(TARGET.resolve("dist/lib"))) {
      assertThat(libs.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(built.map(p -> p.getFileName().toString()).toList())
          .anyMatch(name -> name.matches("dqnotify-notification-forwarder-.+\\.jar"));
    }
    // The example config holds only keys the forwarder knows, with valid values.
    Settings.load(ForwarderConfig.SETTINGS, ForwarderConfig.PASS_THROUGH_PREFIXES, root.resolve("config/forwarder.conf"),
        Map.of(), Map.of());
  }

  @Test
  void theSystemdUnitsDocumentationAndProgramAreFilesOfTheDistribution(@TempDir Path dir) throws Exception {
    Path root = extract(dir);
    String unit = Files.readString(root.resolve("systemd/dq-forwarder.service"), StandardCharsets.UTF_8);

    Matcher documentation = Pattern.compile("(?m)^Documentation=file://" + INSTALLED + "(\\S+)$").matcher(unit);
    assertThat(documentation.find()).as("Documentation=file://" + INSTALLED + "… in the unit").isTrue();
    assertThat(root.resolve(documentation.group(1))).isRegularFile();
    Matcher exec = Pattern.compile("(?m)^ExecStart=" + INSTALLED + "(\\S+) ").matcher(unit);
    assertThat(exec.find()).isTrue();
    assertThat(root.resolve(exec.group(1))).isExecutable();
  }

  @Test
  void theUnpackedProgramWithoutACommandPrintsItsUsageAndExitsTwo(@TempDir Path dir) throws Exception {
    Path root = extract(dir);
    Path log = dir.resolve("run.log");

    Process forwarder = run(List.of(root.resolve("bin/dq-forwarder").toString()), log);

    assertThat(forwarder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(forwarder.exitValue()).as(Files.readString(log)).isEqualTo(2);
    assertThat(Files.readString(log)).contains("a command is required").contains("Usage: dq-forwarder");
  }
}
