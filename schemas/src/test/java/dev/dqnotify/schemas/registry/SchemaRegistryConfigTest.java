package dev.dqnotify.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaRegistryConfigTest {

  @Test
  void keepsThePathOfTheBaseUrlAndAppliesDefaultTimeouts() {
    SchemaRegistryConfig config = SchemaRegistryConfig.of("http://127.0.0.1:8080/apis/ccompat/v7");

    assertThat(config.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/apis/ccompat/v7"));
    assertThat(config.basicAuth()).isEmpty();
    assertThat(config.connectTimeout()).isEqualTo(SchemaRegistryConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(config.requestTimeout()).isEqualTo(SchemaRegistryConfig.DEFAULT_REQUEST_TIMEOUT);
  }

  @Test
  void dropsTrailingSlashesFromTheBaseUrl() {
    assertThat(SchemaRegistryConfig.of("https://registry.example:8081/ccompat//").baseUrl())
        .isEqualTo(URI.create("https://registry.example:8081/ccompat"));
  }

  @Test
  void movesUrlUserInfoIntoBasicAuthAndOutOfTheUrl() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.of("http://alice:s3cret:with-colon@127.0.0.1:8080/apis/ccompat/v7");

    assertThat(config.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/apis/ccompat/v7"));
    assertThat(config.basicAuth()).contains(BasicCredentials.of("alice", "s3cret:with-colon"));
  }

  @Test
  void decodesPercentEncodedUserInfo() {
    SchemaRegistryConfig config = SchemaRegistryConfig.of("http://alice:p%40ss@127.0.0.1:8080");

    assertThat(config.basicAuth()).contains(BasicCredentials.of("alice", "p@ss"));
  }

  @Test
  void takesBasicAuthAsUserColonPasswordWithColonsInThePassword() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.of("http://127.0.0.1:8080").withBasicAuth("bob:a:b:c");

    assertThat(config.basicAuth()).contains(BasicCredentials.of("bob", "a:b:c"));
  }

  @Test
  void explicitBasicAuthReplacesUrlUserInfo() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.of("http://alice:one@127.0.0.1:8080").withBasicAuth("bob:two");

    assertThat(config.basicAuth()).contains(BasicCredentials.of("bob", "two"));
  }

  @Test
  void refusesCredentialsGivenBothInTheUrlAndAsBasicAuthWithoutShowingThem() {
    assertThatThrownBy(
            () ->
                new SchemaRegistryConfig(
                    URI.create("http://alice:hunter22@127.0.0.1:8080"),
                    Optional.of(BasicCredentials.of("bob", "other-secret")),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given twice")
        .hasMessageNotContaining("hunter22")
        .hasMessageNotContaining("other-secret");
  }

  @Test
  void toStringMasksThePassword() {
    SchemaRegistryConfig config = SchemaRegistryConfig.of("http://alice:hunter22@127.0.0.1:8080");

    assertThat(config.toString())
        .contains("alice", "<masked>", "http://127.0.0.1:8080")
        .doesNotContain("hunter22");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://127.0.0.1:8080/x", "127.0.0.1:8080", "registry:8081"})
  void refusesUrlsThatAreNotHttpNamingTheValueAndWhatIsValid(String url) {
    assertThatThrownBy(() -> SchemaRegistryConfig.of(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + url + "'")
        .hasMessageContaining("http or https")
        .hasMessageContaining("e.g. http://");
  }

  @Test
  void refusesAUrlWithoutHost() {
    assertThatThrownBy(() -> SchemaRegistryConfig.of("http:///apis/ccompat/v7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'http:///apis/ccompat/v7'")
        .hasMessageContaining("no host");
  }

  @Test
  void refusesAUrlWithAQuery() {
    assertThatThrownBy(() -> SchemaRegistryConfig.of("http://127.0.0.1:8080/v7?x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no query or fragment");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void refusesAnEmptyUrl(String url) {
    assertThatThrownBy(() -> SchemaRegistryConfig.of(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("URL is empty");
  }

  @Test
  void refusesSeveralCommaSeparatedUrls() {
    assertThatThrownBy(() -> SchemaRegistryConfig.of("http://a:8081,http://b:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("several URLs")
        .hasMessageContaining("exactly one");
  }

  @Test
  void masksUserInfoWhenComplainingAboutAUrl() {
    assertThatThrownBy(() -> SchemaRegistryConfig.of("ftp://alice:hunter22@127.0.0.1/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://<masked>@127.0.0.1/x")
        .hasMessageNotContaining("hunter22");
    assertThatThrownBy(() -> SchemaRegistryConfig.of("http://alice:hunter22@127.0.0.1:80 80/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid http or https URL")
        .hasMessageNotContaining("hunter22");
  }

  @Test
  void refusesUserInfoWithoutColonWithoutRepeatingIt() {
    assertThatThrownBy(() -> SchemaRegistryConfig.of("http://127.0.0.1").withBasicAuth("tokenonly"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("tokenonly");
  }

  @Test
  void refusesAnEmptyUser() {
    assertThatThrownBy(() -> SchemaRegistryConfig.of("http://127.0.0.1").withBasicAuth(":pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user is empty");
  }

  @Test
  void refusesNonPositiveTimeoutsNamingTheValue() {
    SchemaRegistryConfig config = SchemaRegistryConfig.of("http://127.0.0.1:8080");

    assertThatThrownBy(() -> config.withRequestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout PT0S is not valid")
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> config.withConnectTimeout(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout PT-0.005S is not valid");
    assertThatThrownBy(() -> config.withConnectTimeout(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout is missing");
  }
}
