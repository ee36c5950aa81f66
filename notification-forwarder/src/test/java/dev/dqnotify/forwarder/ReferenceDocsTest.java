package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.config.ConfigReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReferenceDocsTest {

  /** The module runs its tests in its own directory; the docs are the repository's. */
  static final Path DOC = Path.of("..", "docs", "forwarder.md");

  @Test
  void docsForwarderMdShowsTheSettingsAsDeclared() throws Exception {
    String document = Files.readString(DOC, StandardCharsets.UTF_8);

    assertThat(ReferenceDocs.regenerate(document))
        .as("docs/forwarder.md is stale: run `dq-forwarder config-reference --write docs/forwarder.md` from the "
            + "repository root and commit the result")
        .isEqualTo(document);
  }

  @Test
  void regeneratingReplacesOnlyTheBlockAndMarksOptionalKeys() {
    String stale = "# Title\n\nbefore\n" + ConfigReference.BEGIN + " -->\n| old |\n" + ConfigReference.END + "\nafter\n";

    String fresh = ReferenceDocs.regenerate(stale);

    assertThat(fresh).startsWith("# Title\n\nbefore\n").endsWith("\nafter\n").contains(ForwarderConfig.reference())
        .contains("| `datadog.api-key-file` | *(unset)* |")
        .contains("| `consume.bootstrap-servers` | *(required)* |")
        .doesNotContain("| old |");
  }
}
