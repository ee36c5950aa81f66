package dev.dqnotify.forwarder.deliver;

import com.datadog.api.client.ApiClient;
import com.datadog.api.client.ApiException;
import com.datadog.api.client.ApiResponse;
import com.datadog.api.client.v1.api.AuthenticationApi;
import com.datadog.api.client.v1.api.EventsApi;
import com.datadog.api.client.v1.model.AuthenticationValidationResponse;
import com.datadog.api.client.v1.model.Event;
import com.datadog.api.client.v1.model.EventAlertType;
import com.datadog.api.client.v1.model.EventCreateRequest;
import com.datadog.api.client.v1.model.EventCreateResponse;
import com.datadog.api.client.v1.model.EventPriority;
import com.fasterxml.jackson.core.JacksonException;
import dev.dqnotify.config.Secret;
import dev.dqnotify.forwarder.render.DatadogEvent;
import jakarta.ws.rs.ProcessingException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts events to Datadog's v1 Events API with the official {@code datadog-api-client}, one attempt
 * per call, and reports what happened as a {@link DeliveryOutcome}. Retrying is {@link
 * RetryingDeliverer}'s job: the client's own retry stays off, as it sleeps on the calling thread
 * and never retries a broken connection.
 *
 * <p>Thread-safe: requests may run concurrently. The API key is read from the {@link ApiKeySource}
 * at construction and again on every {@link #validate()}, so after Datadog rejected a key, the
 * probe that finds a fixed one also starts using it.
 */
public final class DatadogEventsClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DatadogEventsClient.class);

  /** The client's name for the {@code DD-API-KEY} header's authentication. */
  private static final String API_KEY_AUTH = "apiKeyAuth";

  private static final String MASK = "<masked>";

  private final ApiClient apiClient;
  private final EventsApi events;
  private final AuthenticationApi authentication;
  private final ApiKeySource keySource;
  private final URI baseUrl;
  private final Clock clock;
  private final Object keyLock = new Object();
  private volatile Secret appliedKey;

  /**
   * A client on the system clock.
   *
   * @param baseUrl the API's base URL, from {@link DatadogSite#baseUrl(String)}
   * @param keySource where the API key comes from; read now, so a missing key fails here
   * @param connectTimeout how long to wait for a connection, at least 1 ms
   * @param readTimeout how long to wait for an answer, at least 1 ms
   */
  public DatadogEventsClient(
      URI baseUrl, ApiKeySource keySource, Duration connectTimeout, Duration readTimeout) {
    this(baseUrl, keySource, connectTimeout, readTimeout, Clock.systemUTC());
  }

  /**
   * A client whose clock dates {@code Retry-After} headers given as HTTP dates.
   *
   * @see #DatadogEventsClient(URI, ApiKeySource, Duration, Duration)
   */
  public DatadogEventsClient(
      URI baseUrl,
      ApiKeySource keySource,
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.keySource = Objects.requireNonNull(keySource, "keySource");
    this.clock = Objects.requireNonNull(clock, "clock");
    apiClient = DatadogApiClients.create(baseUrl, connectTimeout, readTimeout);
    applyKey(keySource.current());
    events = new EventsApi(apiClient);
    authentication = new AuthenticationApi(apiClient);
  }

  /**
   * Posts one event, once.
   *
   * @return the outcome; never throws for HTTP or transport problems
   */
  public DeliveryOutcome post(DatadogEvent event) {
    EventCreateRequest request = toRequest(event);
    try {
      ApiResponse<EventCreateResponse> response = events.createEventWithHttpInfo(request);
      return new DeliveryOutcome.Delivered(eventId(response.getData()));
    } catch (ApiException e) {
      return fromApiException(e);
    } catch (ProcessingException e) {
      return fromProcessingException(e, "event " + event.notificationId());
    }
  }

  /**
   * Asks Datadog whether the API key is valid ({@code GET /api/v1/validate}), re-reading the key
   * from its source first.
   *
   * @return {@code Delivered("")} when the key is accepted; {@link DeliveryOutcome.Unauthorized}
   *     when it is not; {@link DeliveryOutcome.Retryable} when Datadog could not say or the key
   *     source failed
   */
  public DeliveryOutcome validate() {
    try {
      applyKey(keySource.current());
    } catch (RuntimeException e) {
      // The source's messages name the file, never the key.
      return new DeliveryOutcome.Retryable(
          "API key unavailable: " + redact(e.getMessage()), OptionalInt.empty(), Optional.empty());
    }
    try {
      ApiResponse<AuthenticationValidationResponse> response =
          authentication.validateWithHttpInfo();
      AuthenticationValidationResponse body = response.getData();
      if (body != null && Boolean.FALSE.equals(body.getValid())) {
        return new DeliveryOutcome.Unauthorized(response.getStatusCode());
      }
      return new DeliveryOutcome.Delivered("");
    } catch (ApiException e) {
      return fromApiException(e);
    } catch (ProcessingException e) {
      return fromProcessingException(e, "key validation");
    }
  }

  /**
   * The Datadog site (API base URL) this client posts to: named in every message about a rejected
   * key, because a key works only on its own organisation's site.
   */
  public URI site() {
    return baseUrl;
  }

  /** Where the API key comes from, for the operator's log line when it is rejected. */
  String keyOrigin() {
    return keySource.origin();
  }

  /** Releases the HTTP client's connections. */
  @Override
  public void close() {
    apiClient.getHttpClient().close();
  }

  /**
   * The request body. No {@code date_happened}: Datadog then dates the event when it receives it, on
   * this attempt, so a retry after any outage is as fresh as a first attempt and can never cross the
   * 18-hour limit, and the forwarder host's clock plays no part (docs/monitors.md, "Dating").
   */
  private static EventCreateRequest toRequest(DatadogEvent event) {
    EventCreateRequest request =
        new EventCreateRequest()
            .title(event.title())
            .text(event.text())
            .tags(event.tags())
            .aggregationKey(event.aggregationKey());
    if (event.alertType() != null) {
      request.alertType(EventAlertType.fromValue(event.alertType()));
    }
    if (event.priority() != null) {
      request.priority(EventPriority.fromValue(event.priority()));
    }
    return request;
  }

  /** {@code id_str}, as {@code id} exceeds 2^53 and JSON readers may round it. */
  private static String eventId(EventCreateResponse response) {
    Event event = response == null ? null : response.getEvent();
    if (event == null) {
      return "";
    }
    if (event.getIdStr() != null) {
      return event.getIdStr();
    }
    return event.getId() == null ? "" : Long.toString(event.getId());
  }

  private DeliveryOutcome fromApiException(ApiException e) {
    if (e.getCode() == 0) {
      // Thrown before anything was sent (e.g. a URL the client cannot build).
      String cause = e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().toString();
      return new DeliveryOutcome.Retryable(
          "request not sent: " + redact(cause), OptionalInt.empty(), Optional.empty());
    }
    return HttpOutcomes.forStatus(
        e.getCode(), e.getResponseHeaders(), redact(e.getResponseBody()), clock.instant());
  }

  private DeliveryOutcome fromProcessingException(ProcessingException e, String what) {
    if (causedByJson(e)) {
      // Only 2xx bodies are parsed as JSON (error bodies are read as text), so Datadog accepted
      // the request; retrying would post a duplicate.
      log.warn(
          "Datadog accepted {} but its answer could not be read ({}); counting it as delivered",
          what,
          e.getClass().getSimpleName());
      return new DeliveryOutcome.Delivered("");
    }
    DeliveryOutcome.Retryable outcome = HttpOutcomes.forTransportFailure(e);
    return new DeliveryOutcome.Retryable(
        redact(outcome.reason()), outcome.status(), outcome.retryAfter());
  }

  private static boolean causedByJson(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JacksonException) {
        return true;
      }
    }
    return false;
  }

  private void applyKey(Secret key) {
    synchronized (keyLock) {
      if (!key.equals(appliedKey)) {
        // Requests in flight keep the key they started with; the next ones pick this one up.
        apiClient.configureApiKeys(Map.of(API_KEY_AUTH, key.reveal()));
        appliedKey = key;
      }
    }
  }

  /** Keeps the key out of anything that leaves this class, should a server or proxy echo it. */
  private String redact(String text) {
    Secret key = appliedKey;
    if (text == null || key == null || key.isEmpty()) {
      return text;
    }
    return text.replace(key.reveal(), MASK);
  }

  /** Every site, custom or not, goes through the custom-URL server entry: one code path. */
}
