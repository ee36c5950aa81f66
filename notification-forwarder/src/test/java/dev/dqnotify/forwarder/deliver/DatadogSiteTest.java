package dev.dqnotify.forwarder.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatadogSiteTest {

  @ParameterizedTest
  @CsvSource({
    "datadoghq.com, https://api.datadoghq.com",
    "datadoghq.eu, https://api.datadoghq.eu",
    "us3, https://api.us3.datadoghq.com",
    "us3.datadoghq.com, https://api.us3.datadoghq.com",
    "US5, https://api.us5.datadoghq.com",
    "ap1, https://api.ap1.datadoghq.com",
    "ddog-gov, https://api.ddog-gov.com",
    "ddog-gov.com, https://api.ddog-gov.com",
    "DATADOGHQ_EU, https://api.datadoghq.eu",
    "'  datadoghq.com  ', https://api.datadoghq.com"
  })
  void mapsASiteNameToItsApiHost(String site, String expected) {
    assertThat(DatadogSite.baseUrl(site)).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:8089, http://127.0.0.1:8089",
    "http://127.0.0.1:8089/, http://127.0.0.1:8089",
    "HTTPS://dd-proxy.internal/datadog/, https://dd-proxy.internal/datadog",
    "https://api.datadoghq.com, https://api.datadoghq.com"
  })
  void takesAnExplicitUrlAsGivenWithoutTrailingSlash(String url, String expected) {
    assertThat(DatadogSite.baseUrl(url)).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"datadoghq.co", "us2", "", "http://", "https://user:pw@host", "http://h?x=1"})
  void refusesAnUnknownSiteNamingTheValueAndTheChoices(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DatadogSite.baseUrl(value))
        .withMessageContaining("Datadog");
  }

  @ParameterizedTest
  @ValueSource(strings = {"us2", "datadoghq.co"})
  void listsTheValidSitesWhenTheNameIsWrong(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DatadogSite.baseUrl(value))
        .withMessageContaining("'" + value + "'")
        .withMessageContaining("us3.datadoghq.com")
        .withMessageContaining("ddog-gov.com")
        .withMessageContaining("http(s)://");
  }
}
