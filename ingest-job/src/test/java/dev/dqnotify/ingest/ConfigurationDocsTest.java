package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.config.ConfigReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/ingest-job.md} lists exactly the settings {@link IngestJobConfig} declares. After a
 * change of a setting, refresh it with {@code ./mvnw -pl ingest-job test -Dtest=ConfigurationDocsTest
 * -Ddqnotify.update-docs=true}.
 */
class ConfigurationDocsTest {
  private static final Path DOC = Path.of("..", "docs", "ingest-job.md");

  @Test
  void theSettingsReferenceInTheDocsIsGeneratedFromTheDeclarations() throws Exception {
    String document = Files.readString(DOC);
    String generated = ConfigReference.spliceInto(document, IngestJobConfig.SETTINGS);
    if (Boolean.getBoolean("dqnotify.update-docs")) {
      Files.writeString(DOC, generated);
    }
    assertThat(document).as("docs/ingest-job.md is stale; regenerate it as this test's Javadoc says")
        .isEqualTo(generated);
  }
}
