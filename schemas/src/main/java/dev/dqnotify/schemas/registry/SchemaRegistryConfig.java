package dev.dqnotify.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import dev.dqnotify.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a registry that speaks the Confluent Schema Registry REST API (Confluent, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace, Redpanda). Immutable; validated on construction, and every
 * complaint names the bad value (credentials masked) and what would be valid.
 *
 * <p>TLS ({@code https} URLs) uses the JVM's default {@code SSLContext} (the standard {@code
 * javax.net.ssl.trustStore}/{@code keyStore} system properties apply) unless {@code tls} gives trust
 * and key stores. {@link #fromProperties} reads Confluent's client property names.
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
 * @param tls trust and key stores for {@code https}; empty for the JVM's defaults
 */
public record SchemaRegistryConfig(
    URI baseUrl,
    Optional<BasicCredentials> basicAuth,
    Duration connectTimeout,
    Duration requestTimeout,
    Optional<RegistryTls> tls) {

  /** Confluent's name of the registry's URL. */
  public static final String URL = "schema.registry.url";

  /** Confluent's name of basic auth as {@code user:password}. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Confluent's name of where basic auth comes from: {@code USER_INFO} or {@code URL}. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Prefix of Confluent's TLS settings of the registry client. */
  public static final String SSL_PREFIX = "schema.registry.ssl.";

  public static final String TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
  public static final String TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
  public static final String TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
  public static final String KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
  public static final String KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
  public static final String KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
  public static final String KEY_PASSWORD = SSL_PREFIX + "key.password";

  /** Every Confluent property name {@link #fromProperties} reads. */
  public static final List<String> CONFLUENT_KEYS = List.of(URL, BASIC_AUTH_USER_INFO,
      BASIC_AUTH_CREDENTIALS_SOURCE, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, KEYSTORE_LOCATION,
      KEYSTORE_PASSWORD, KEYSTORE_TYPE, KEY_PASSWORD);

  /** Without TLS stores of its own: the JVM's default trust. */
  public SchemaRegistryConfig(URI baseUrl, Optional<BasicCredentials> basicAuth, Duration connectTimeout,
      Duration requestTimeout) {
    this(baseUrl, basicAuth, connectTimeout, requestTimeout, Optional.empty());
  }

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
    tls = tls == null ? Optional.empty() : tls;
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
    return new SchemaRegistryConfig(baseUrl, Optional.of(credentials), connectTimeout, requestTimeout, tls);
  }

  /** This config with trust and key stores of its own for {@code https}. */
  public SchemaRegistryConfig withTls(RegistryTls stores) {
    return new SchemaRegistryConfig(baseUrl, basicAuth, connectTimeout, requestTimeout, Optional.of(stores));
  }

  /**
   * A config from Confluent's client property names, as a Confluent serializer or the
   * {@code kafka-avro-console-*} tools take them: {@value #URL} (required), {@value
   * #BASIC_AUTH_USER_INFO}, {@value #BASIC_AUTH_CREDENTIALS_SOURCE} ({@code USER_INFO} or {@code
   * URL}; unset: {@code USER_INFO} when user-info is given, else the URL's), and {@code
   * schema.registry.ssl.truststore.location/password/type}, {@code
   * schema.registry.ssl.keystore.location/password/type}, {@code schema.registry.ssl.key.password}.
   * Other keys are ignored (a producer's properties hold many).
   *
   * @throws IllegalArgumentException naming the key that is missing or wrong; never showing a
   *     password or credentials
   */
  public static SchemaRegistryConfig fromProperties(Map<String, String> properties) {
    String url = properties.get(URL);
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(URL + " is missing; give the registry's base URL, e.g. " + EXAMPLE_URL);
    }
    SchemaRegistryConfig config;
    try {
      config = of(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL + ": " + e.getMessage());
    }
    String userInfo = properties.get(BASIC_AUTH_USER_INFO);
    String source = properties.get(BASIC_AUTH_CREDENTIALS_SOURCE);
    source = source != null ? source.trim().toUpperCase(Locale.ROOT) : userInfo != null ? "USER_INFO" : "URL";
    switch (source) {
      case "URL" -> {
        if (userInfo != null) {
          throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " is given but " + BASIC_AUTH_CREDENTIALS_SOURCE
              + " is URL, so it would be ignored; remove one of them");
        }
      }
      case "USER_INFO" -> {
        if (userInfo == null) {
          throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO but "
              + BASIC_AUTH_USER_INFO + " is not set; give it as user:password");
        }
        try {
          config = new SchemaRegistryConfig(config.baseUrl(), Optional.of(BasicCredentials.parse(userInfo)),
              config.connectTimeout(), config.requestTimeout());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + ": " + e.getMessage());
        }
      }
      default -> throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " '" + source
          + "' is not supported; use USER_INFO (" + BASIC_AUTH_USER_INFO + ") or URL (user-info in " + URL + ")");
    }
    Optional<RegistryTls.Store> truststore = store(properties, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD,
        TRUSTSTORE_TYPE);
    Optional<RegistryTls.Store> keystore = store(properties, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE);
    Optional<Secret> keyPassword = secret(properties, KEY_PASSWORD);
    if (keyPassword.isPresent() && keystore.isEmpty()) {
      throw new IllegalArgumentException(KEY_PASSWORD + " is given without " + KEYSTORE_LOCATION);
    }
    if (truststore.isEmpty() && keystore.isEmpty()) {
      return config;
    }
    RegistryTls tls = new RegistryTls(truststore, keystore, keyPassword);
    try {
      tls.sslContext(); // fail now, naming the store, not at the first request
    } catch (IllegalArgumentException e) {
      String key = e.getMessage().contains("truststore") ? TRUSTSTORE_LOCATION : KEYSTORE_LOCATION;
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
    return config.withTls(tls);
  }

  private static Optional<RegistryTls.Store> store(Map<String, String> properties, String locationKey,
      String passwordKey, String typeKey) {
    String location = properties.get(locationKey);
    if (location == null || location.isBlank()) {
      for (String other : List.of(passwordKey, typeKey)) {
        if (properties.get(other) != null) {
          throw new IllegalArgumentException(other + " is given without " + locationKey);
        }
      }
      return Optional.empty();
    }
    return Optional.of(new RegistryTls.Store(Path.of(location.trim()), secret(properties, passwordKey),
        properties.get(typeKey)));
  }

  private static Optional<Secret> secret(Map<String, String> properties, String key) {
    String value = properties.get(key);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Secret.of(value));
  }

  /** This config with another connect timeout (positive). */
  public SchemaRegistryConfig withConnectTimeout(Duration timeout) {
    return new SchemaRegistryConfig(baseUrl, basicAuth, timeout, requestTimeout, tls);
  }

  /** This config with another request timeout (positive). */
  public SchemaRegistryConfig withRequestTimeout(Duration timeout) {
    return new SchemaRegistryConfig(baseUrl, basicAuth, connectTimeout, timeout, tls);
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
