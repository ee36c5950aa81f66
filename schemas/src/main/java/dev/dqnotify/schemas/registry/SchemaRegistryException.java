package dev.dqnotify.schemas.registry;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A schema registry call that did not give an answer we can use. It names the HTTP method and the
 * request URL (never with credentials), and the HTTP status plus the registry's {@code
 * error_code}/{@code message} when the registry answered.
 *
 * <p>{@link #isRetryable()} classifies it the way every dqnotify retry loop does: no answer, 408,
 * 429 and 5xx other than 501 may succeed later; other answers will not.
 */
public final class SchemaRegistryException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** The registry answered with a non-2xx status. */
    HTTP_ERROR,
    /** No answer: connection refused or reset, DNS failure, TLS failure, timeout, interrupt. */
    UNREACHABLE,
    /** The registry answered 2xx, but not with what the REST API promises. */
    INVALID_RESPONSE
  }

  private final Kind kind;
  private final String method;
  private final String url;
  private final int status;
  private final Integer errorCode;
  private final String registryMessage;

  private SchemaRegistryException(
      Kind kind,
      String method,
      String url,
      int status,
      Integer errorCode,
      String registryMessage,
      String message,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.method = method;
    this.url = url;
    this.status = status;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }

  /**
   * The registry answered {@code status}, with its {@code error_code} and {@code message} if the
   * body carried them ({@code errorCode} null otherwise; {@code registryMessage} may then be an
   * excerpt of the body).
   */
  public static SchemaRegistryException httpError(
      String method, String url, int status, Integer errorCode, String registryMessage) {
    String safeUrl = Urls.withoutUserInfo(url);
    StringBuilder message =
        new StringBuilder("Schema registry answered HTTP ")
            .append(status)
            .append(" to ")
            .append(method)
            .append(' ')
            .append(safeUrl);
    if (errorCode != null) {
      message.append(": error_code ").append(errorCode);
      if (registryMessage != null) {
        message.append(", ").append(registryMessage);
      }
    } else if (registryMessage != null && !registryMessage.isEmpty()) {
      message.append(": ").append(registryMessage);
    }
    return new SchemaRegistryException(
        Kind.HTTP_ERROR,
        method,
        safeUrl,
        status,
        errorCode,
        registryMessage,
        message.toString(),
        null);
  }

  /** No answer from the registry; {@code cause} is the connection error or timeout. */
  public static SchemaRegistryException unreachable(String method, String url, Throwable cause) {
    String safeUrl = Urls.withoutUserInfo(url);
    return new SchemaRegistryException(
        Kind.UNREACHABLE,
        method,
        safeUrl,
        0,
        null,
        null,
        "Schema registry unreachable: "
            + method
            + ' '
            + safeUrl
            + " got no answer: "
            + describe(cause),
        cause);
  }

  /** The registry answered {@code status} (2xx), but {@code problem} makes the answer unusable. */
  public static SchemaRegistryException invalidResponse(
      String method, String url, int status, String problem, Throwable cause) {
    String safeUrl = Urls.withoutUserInfo(url);
    return new SchemaRegistryException(
        Kind.INVALID_RESPONSE,
        method,
        safeUrl,
        status,
        null,
        null,
        "Schema registry gave an unusable answer (HTTP "
            + status
            + ") to "
            + method
            + ' '
            + safeUrl
            + ": "
            + problem,
        cause);
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The HTTP method of the failed request. */
  public String method() {
    return method;
  }

  /** The request URL, without user-info. */
  public String url() {
    return url;
  }

  /** The HTTP status, if the registry answered. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** The registry's {@code error_code} (e.g. 40403 schema not found), if it sent one. */
  public OptionalInt errorCode() {
    return errorCode == null ? OptionalInt.empty() : OptionalInt.of(errorCode);
  }

  /** The registry's {@code message}, or an excerpt of a body that was not the usual JSON. */
  public Optional<String> registryMessage() {
    return Optional.ofNullable(registryMessage);
  }

  /** Whether the registry answered 404 (unknown subject, version, schema or id). */
  public boolean isNotFound() {
    return kind == Kind.HTTP_ERROR && status == 404;
  }

  /** Confluent's error code for "subject not found". */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Confluent's error code for "schema not found" (an unknown schema id or schema). */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /**
   * Whether the registry said the schema does not exist: HTTP 404 with Confluent's error code
   * {@value #SCHEMA_NOT_FOUND}. A 404 without that code (a wrong base path, an ingress or proxy that
   * does not know the route) says nothing about the schema and is not this.
   */
  public boolean isSchemaNotFound() {
    return isNotFound() && errorCode != null && errorCode == SCHEMA_NOT_FOUND;
  }

  /** Whether the same request may succeed later: no answer, 408, 429, or 5xx other than 501. */
  public boolean isRetryable() {
    return switch (kind) {
      case UNREACHABLE -> true;
      case HTTP_ERROR -> status == 408 || status == 429 || (status >= 500 && status != 501);
      case INVALID_RESPONSE -> false;
    };
  }

  // HttpClient wraps the telling exception and often leaves every message null (a refused
  // connection is ConnectException <- ConnectException <- ClosedChannelException), so name the
  // chain and say in words what the common cases mean.
  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown cause";
    }
    List<String> names = new ArrayList<>();
    String message = null;
    boolean unresolved = false;
    for (Throwable t = cause; t != null && names.size() < 8; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
        names.add(name);
      }
      if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      unresolved |= t instanceof UnresolvedAddressException || t instanceof UnknownHostException;
    }
    String detail;
    if (unresolved) {
      detail = "host name not resolved";
    } else if (message != null) {
      detail = message;
    } else if (cause instanceof ConnectException) {
      detail = "connection refused or closed";
    } else {
      detail = "no detail given";
    }
    return String.join(" <- ", names) + ": " + detail;
  }
}
