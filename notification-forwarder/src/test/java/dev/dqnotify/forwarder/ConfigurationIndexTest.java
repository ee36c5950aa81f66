package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.config.ConfigReference;
import dev.dqnotify.config.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} indexes every key of both programs: the forwarder's from
 * {@link ForwarderConfig#SETTINGS}, the ingest job's from the table generated into
 * {@code docs/ingest-job.md} (kept true by the ingest job's own test), so no module depends on the
 * other. Refresh it with {@code ./mvnw -pl notification-forwarder test -Dtest=ConfigurationIndexTest
 * -Ddqnotify.update-docs=true}.
 */
class ConfigurationIndexTest {

  private static final Path DOCS = Path.of("..", "docs");
  private static final String BEGIN = "<!-- index:begin";
  private static final String END = "<!-- index:end -->";
  private static final Pattern KEY_ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

  @Test
  void docsConfigurationMdIndexesEveryKeyOfBothPrograms() throws Exception {
    Path doc = DOCS.resolve("configuration.md");
    String document = Files.readString(doc, StandardCharsets.UTF_8);
    String generated = splice(document, index(ingestJobKeys()));
    if (Boolean.getBoolean("dqnotify.update-docs")) {
      Files.writeString(doc, generated, StandardCharsets.UTF_8);
    }

    assertThat(document).as("docs/configuration.md is stale; refresh it as this test's Javadoc says")
        .isEqualTo(generated);
  }

  /** The keys of the generated settings table of {@code docs/ingest-job.md}. */
  static List<String> ingestJobKeys() throws Exception {
    String document = Files.readString(DOCS.resolve("ingest-job.md"), StandardCharsets.UTF_8);
    String block = document.substring(document.indexOf(ConfigReference.BEGIN), document.indexOf(ConfigReference.END));
    Matcher keys = KEY_ROW.matcher(block);
    List<String> result = new ArrayList<>();
    while (keys.find()) {
      result.add(keys.group(1));
    }
    assertThat(result).as("keys in docs/ingest-job.md's settings table").isNotEmpty();
    return result;
  }

  static String index(List<String> ingestJobKeys) {
    List<String> forwarderKeys = ForwarderConfig.SETTINGS.stream().map(Setting::key).toList();
    return "\n### Ingest job\n\n" + table(ingestJobKeys, "ingest-job.md#settings", List.of(
        "| `kafka.*` | any Kafka client property, handed on | [ingest-job.md](ingest-job.md#settings) |",
        "| `detect.range.<metric>` | `min..max` or `none`, handed on to the range rule | "
            + "[ingest-job.md](ingest-job.md#settings) |"))
        + "\n### Forwarder\n\n" + table(forwarderKeys, "forwarder.md#settings", List.of(
        "| `kafka.*` | any Kafka client property, handed on | [forwarder.md](forwarder.md#how-to-run) |",
        "| `silence.<name>.*` | `match`, `start`, `end`, `comment` | [forwarder.md](forwarder.md#silences) |"))
        + "\n";
  }

  private static String table(List<String> keys, String reference, List<String> handedOn) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    keys.forEach(key -> groups.computeIfAbsent(key.substring(0, key.indexOf('.')), g -> new ArrayList<>())
        .add(key));
    StringBuilder out = new StringBuilder("| group | keys | reference |\n|---|---|---|\n");
    String link = "[" + reference.substring(0, reference.indexOf('#')) + "](" + reference + ")";
    groups.forEach((group, members) -> out.append("| `").append(group).append(".*` | ")
        .append(members.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "))).append(" | ")
        .append(link).append(" |\n"));
    handedOn.forEach(row -> out.append(row).append('\n'));
    return out.toString();
  }

  private static String splice(String document, String index) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    assertThat(begin).as("docs/configuration.md has an index block").isNotNegative().isLessThan(end);
    return document.substring(0, document.indexOf('\n', begin) + 1) + index + document.substring(end);
  }
}
