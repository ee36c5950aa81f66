package dev.dqnotify.forwarder.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dqnotify.config.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeySourceTest {

  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  void readsTheKeyFromDdApiKey() {
    ApiKeySource source = ApiKeySource.fromEnvOrFile(Map.of("DD_API_KEY", KEY), Optional.empty());

    assertThat(source.current()).isEqualTo(Secret.of(KEY));
    assertThat(source.origin()).isEqualTo("DD_API_KEY");
  }

  @Test
  void readsTheKeyFileIgnoringSurroundingWhitespace() throws Exception {
    Path file = Files.writeString(dir.resolve("dd.key"), "  " + KEY + "\n");

    ApiKeySource source = ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(file));

    assertThat(source.current().reveal()).isEqualTo(KEY);
    assertThat(source.origin()).isEqualTo("key file " + file);
  }

  @Test
  void prefersAConfiguredKeyFileOverTheEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("dd.key"), KEY);

    ApiKeySource source =
        ApiKeySource.fromEnvOrFile(Map.of("DD_API_KEY", "inherited-key"), Optional.of(file));

    assertThat(source.current().reveal()).isEqualTo(KEY);
  }

  @Test
  void rereadsTheFileSoAFixedKeyIsPickedUp() throws Exception {
    Path file = Files.writeString(dir.resolve("dd.key"), "old-key");
    ApiKeySource source = ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(file));
    assertThat(source.current().reveal()).isEqualTo("old-key");

    Files.writeString(file, "new-key\n");

    assertThat(source.current().reveal()).isEqualTo("new-key");
  }

  @Test
  void failsClearlyWhenTheKeyFileIsMissing() {
    Path missing = dir.resolve("absent.key");

    assertThatIllegalStateException()
        .isThrownBy(
            () -> ApiKeySource.fromEnvOrFile(Map.of("DD_API_KEY", KEY), Optional.of(missing)))
        .withMessage("Datadog API key file " + missing + " does not exist");
  }

  @Test
  void failsClearlyWhenTheKeyFileDisappearsLaterWithoutShowingTheOldKey() throws Exception {
    Path file = Files.writeString(dir.resolve("dd.key"), KEY);
    ApiKeySource source = ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(file));
    Files.delete(file);

    Throwable failure = catchThrowable(source::current);

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist");
    assertThat(stackTraceOf(failure)).doesNotContain(KEY);
  }

  @Test
  void failsClearlyWhenTheKeyFileIsEmpty() throws Exception {
    Path file = Files.writeString(dir.resolve("dd.key"), " \n");

    assertThatIllegalStateException()
        .isThrownBy(() -> ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(file)))
        .withMessage("Datadog API key file " + file + " is empty");
  }

  @Test
  void failsWhenNeitherSourceHasAKey() {
    assertThatIllegalStateException()
        .isThrownBy(() -> ApiKeySource.fromEnvOrFile(Map.of("DD_API_KEY", "  "), Optional.empty()))
        .withMessageContaining("DD_API_KEY")
        .withMessageContaining("key file");
  }

  @Test
  void neverShowsTheKeyWhenPrinted() throws Exception {
    Path file = Files.writeString(dir.resolve("dd.key"), KEY);

    assertThat(ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(file)).current().toString())
        .doesNotContain(KEY);
    assertThat(ApiKeySource.fromEnvOrFile(Map.of("DD_API_KEY", KEY), Optional.empty()).toString())
        .doesNotContain(KEY);
  }

  private static String stackTraceOf(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
