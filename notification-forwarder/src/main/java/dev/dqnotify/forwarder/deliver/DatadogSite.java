package dev.dqnotify.forwarder.deliver;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Datadog sites an organisation can live on. The API of a site is served from {@code
 * https://api.<domain>}; an organisation's key works only on its own site.
 */
public enum DatadogSite {
  /** US1, the default site. */
  DATADOGHQ_COM("datadoghq.com", "us1"),
  /** EU1. */
  DATADOGHQ_EU("datadoghq.eu", "eu1"),
  /** US3. */
  US3("us3.datadoghq.com", "us3"),
  /** US5. */
  US5("us5.datadoghq.com", "us5"),
  /** AP1 (Japan). */
  AP1("ap1.datadoghq.com", "ap1"),
  /** AP2 (Australia); listed by datadog-api-client alongside the others. */
  AP2("ap2.datadoghq.com", "ap2"),
  /** US1-FED (GovCloud). */
  DDOG_GOV("ddog-gov.com", "ddog-gov");

  private final String domain;
  private final String shortName;

  DatadogSite(String domain, String shortName) {
    this.domain = domain;
    this.shortName = shortName;
  }

  /** The site's domain, as Datadog's {@code DD_SITE} spells it, e.g. {@code us3.datadoghq.com}. */
  public String domain() {
    return domain;
  }

  /** Where the site's API is served: {@code https://api.<domain>}. */
  public URI apiBaseUrl() {
    return URI.create("https://api." + domain);
  }

  /**
   * The API base URL for a site name or an explicit URL.
   *
   * @param siteOrUrl a site's domain ({@code datadoghq.eu}), its short name ({@code us3}, {@code
   *     ddog-gov}), the constant's name ({@code US5}), or an {@code http(s)://host[:port][/path]}
   *     URL such as a local simulator's {@code http://127.0.0.1:8089}
   * @return the URL, without a trailing slash
   * @throws IllegalArgumentException naming the value and what would be valid
   */
  public static URI baseUrl(String siteOrUrl) {
    if (siteOrUrl == null || siteOrUrl.isBlank()) {
      throw new IllegalArgumentException("Datadog site is empty: " + validChoices());
    }
    String value = siteOrUrl.strip();
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return explicitUrl(value);
    }
    for (DatadogSite site : values()) {
      if (lower.equals(site.domain) || lower.equals(site.shortName) || value.equals(site.name())) {
        return site.apiBaseUrl();
      }
    }
    throw new IllegalArgumentException("Unknown Datadog site '" + value + "': " + validChoices());
  }

  private static URI explicitUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Datadog URL '" + value + "' is not a valid URL: " + e.getReason(), e);
    }
    if (uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "Datadog URL '"
              + value
              + "' must be http(s)://host[:port][/path], without user,"
              + " query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    // The client appends "/api/v1/..." itself, so a trailing slash would double up.
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(
        uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
  }

  private static String validChoices() {
    return "use one of "
        + Arrays.stream(values())
            .map(site -> site.domain + " (" + site.shortName + ")")
            .collect(Collectors.joining(", "))
        + ", or an http(s):// URL";
  }
}
