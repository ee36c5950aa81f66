package dev.dqnotify.localrun.launch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsTest {

  @TempDir Path repo;

  @Test
  void aDirectoryThatIsNotTheRepositoryIsNamed() {
    assertThatThrownBy(() -> Artifacts.locate(repo)).hasMessageContaining("is not the dqnotify repository")
        .hasMessageContaining("--repo-dir");
  }

  @Test
  void missingBuildOutputIsNamedWithTheCommandThatBuildsIt() throws Exception {
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Files.createDirectories(repo.resolve("ingest-job"));

    assertThatThrownBy(() -> Artifacts.locate(repo))
        .hasMessageContaining("ingest-job/target/spark-classpath.txt")
        .hasMessageContaining("notification-forwarder/target/dist/bin/dq-forwarder")
        .hasMessageContaining(Artifacts.BUILD_COMMAND);
  }
}
