package dev.dqnotify.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach a registry that speaks the Confluent Schema Registry REST API (Confluent, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace, Redpanda). Immutable; validated on construction, and every
 * complaint names the bad value (credentials masked) and what would be valid.
 *
 * <p>TLS ({@code https} URLs) uses the JVM's default {@code SSLContext}, so the standard {@code
 * javax.net.ssl.trustStore}/{@code keyStore} system properties apply.
 *
 * @param baseUrl the registry's base URL, {@code http} or {@code https}, which may have a path,
 *     e.g. {@code http://127.0.0.1:8080/apis/ccompat/v7}. User-info in it ({@code
 *     http://user:password@host/...}) is moved to {@code basicAuth}; the stored URL never carries
 *     credentials and has no trailing slash.
 * @param basicAuth basic-auth credentials sent as an {@code Authorization} header; empty for none
 * @param connectTimeout how long to wait for a TCP (and TLS) connection; default {@link
 *     #DEFAULT_CONNECT_TIMEOUT} (5 s)
 * @param requestTimeout how long to wait for a response once the request is sent; default {@link
 *     #DEFAULT_REQUEST_TIMEOUT} (10 s)
 */
public record SchemaRegistryConfig(
    URI baseUrl,
    Optional<BasicCredentials> basicAuth,
    Duration connectTimeout,
    Duration requestTimeout) {

  /** Default connect timeout: a registry on the same network answers a SYN in far less. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Default request timeout: registry calls are small, and a caller (a Kafka poll loop) must not
   * hang on a stuck registry for long.
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final String EXAMPLE_URL = "http://127.0.0.1:8080/apis/ccompat/v7";

  /** Validates and normalises; see the record's description for each component. */
  public SchemaRegistryConfig {
    if (baseUrl == null) {
      throw new IllegalArgumentException(
          "schema registry URL is missing; give the registry's base URL, e.g. " + EXAMPLE_URL);
    }
    basicAuth = basicAuth == null ? Optional.empty() : basicAuth;
    requirePositive("connectTimeout", connectTimeout, "PT5S");
    requirePositive("requestTimeout", requestTimeout, "PT10S");
    validate(baseUrl);
    String userInfo = baseUrl.getUserInfo();
    if (userInfo != null) {
      if (basicAuth.isPresent()) {
        throw new IllegalArgumentException(
            "schema registry credentials are given twice, as user-info in the URL "
                + Urls.masked(baseUrl.toString())
                + " and as basic auth; give them once");
      }
      basicAuth = Optional.of(BasicCredentials.parse(userInfo));
    }
    baseUrl = normalised(baseUrl);
  }

  /**
   * A config for {@code url} with the default timeouts; credentials come from the URL's user-info
   * if it has any.
   *
   * @throws IllegalArgumentException if {@code url} is not a single http(s) URL with a host
   */
  public static SchemaRegistryConfig of(String url) {
    return new SchemaRegistryConfig(
        parse(url), Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * This config with basic auth given as {@code user:password} (Confluent's {@code
   * basic.auth.user.info}); replaces any credentials taken from the URL.
   */
  public SchemaRegistryConfig withBasicAuth(String userInfo) {
    return withBasicAuth(BasicCredentials.parse(userInfo));
  }

  /** This config with {@code credentials}; replaces any credentials taken from the URL. */
  public SchemaRegistryConfig withBasicAuth(BasicCredentials credentials) {
    if (credentials == null) {
      throw new IllegalArgumentException("basic auth credentials are null; use user:password");
    }
    return new SchemaRegistryConfig(
        baseUrl, Optional.of(credentials), connectTimeout, requestTimeout);
  }

  /** This config with another connect timeout (positive). */
  public SchemaRegistryConfig withConnectTimeout(Duration timeout) {
    return new SchemaRegistryConfig(baseUrl, basicAuth, timeout, requestTimeout);
  }

  /** This config with another request timeout (positive). */
  public SchemaRegistryConfig withRequestTimeout(Duration timeout) {
    return new SchemaRegistryConfig(baseUrl, basicAuth, connectTimeout, timeout);
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "schema registry URL is empty; give the registry's base URL, e.g. " + EXAMPLE_URL);
    }
    String trimmed = url.trim();
    if (trimmed.indexOf(',') >= 0) {
      throw new IllegalArgumentException(
          "schema registry URL '"
              + Urls.masked(trimmed)
              + "' lists several URLs; give exactly one base URL, e.g. "
              + EXAMPLE_URL);
    }
    try {
      return new URI(trimmed);
    } catch (URISyntaxException e) {
      // getReason(), not getMessage(): the message repeats the input, credentials included.
      throw new IllegalArgumentException(
          "schema registry URL '"
              + Urls.masked(trimmed)
              + "' is not a valid http or https URL ("
              + e.getReason()
              + " at index "
              + e.getIndex()
              + "); give the registry's base URL, e.g. "
              + EXAMPLE_URL);
    }
  }

  private static void validate(URI url) {
    String problem = null;
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      problem = "the scheme must be http or https";
    } else if (url.getHost() == null) {
      problem = "it has no host";
    } else if (url.getRawQuery() != null || url.getRawFragment() != null) {
      problem = "a base URL has no query or fragment";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "schema registry URL '"
              + Urls.masked(url.toString())
              + "' is not valid: "
              + problem
              + "; give the registry's base URL, e.g. "
              + EXAMPLE_URL);
    }
  }

  private static URI normalised(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    return URI.create(url.getScheme().toLowerCase() + "://" + url.getHost() + port + path);
  }

  private static void requirePositive(String name, Duration value, String example) {
    if (value == null) {
      throw new IllegalArgumentException(
          name + " is missing; give a positive duration, e.g. " + example);
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          name + " " + value + " is not valid; give a positive duration, e.g. " + example);
    }
  }
}
