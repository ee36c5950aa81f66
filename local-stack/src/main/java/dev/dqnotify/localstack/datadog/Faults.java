package dev.dqnotify.localstack.datadog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults scripted on a {@link DatadogSimulator}; obtained from {@link DatadogSimulator#faults()}.
 *
 * <p>Faults touch only the Datadog API endpoints ({@code /api/v1/events}, {@code
 * /api/v1/validate}), never the admin API. A faulted request is counted in the simulator's
 * statistics but never recorded as an accepted event. Several faults may be active at once: the
 * longest active latency delays every response, and every request is shown to the other faults in
 * the order they were added, the first one that fires deciding the response. So {@code
 * statusForNext(500, 2).rateLimitNext(1, 5)} answers 500, 500, then 429. A fault lasts until {@link
 * #clear()}, for a number of requests ("next N", spent only on requests it actually answers), or
 * for a duration that starts when it is added and ends by the simulator's {@link Clock}.
 *
 * <p>All methods are thread-safe. Those that add a fault return this object, so faults chain.
 */
public final class Faults {

  /** How a dropped connection looks to the client. */
  public enum ConnectionDrop {
    /** The server resets the TCP connection (RST): the client sees "connection reset". */
    RESET_BY_PEER,
    /** The server closes the connection without sending a byte of the response. */
    EMPTY_RESPONSE
  }

  private static final Logger log = LoggerFactory.getLogger(Faults.class);

  private final Clock clock;
  private final List<ScriptedFault> active = new ArrayList<>(); // guarded by this

  Faults(Clock clock) {
    this.clock = clock;
  }

  /** Delays every Datadog API response by {@code delay} until {@link #clear()}. */
  public Faults latency(Duration delay) {
    return add(new ScriptedFault.Latency(delay(delay), Budget.untilCleared()));
  }

  /** Delays every Datadog API response by {@code delay} for the next {@code duration}. */
  public Faults latencyFor(Duration delay, Duration duration) {
    return add(new ScriptedFault.Latency(delay(delay), until(duration)));
  }

  /** Answers every Datadog API request with {@code status} until {@link #clear()}. */
  public Faults status(int status) {
    return add(new ScriptedFault.FixedStatus(errorStatus(status), Budget.untilCleared()));
  }

  /** Answers every Datadog API request with {@code status} for the next {@code duration}. */
  public Faults statusFor(int status, Duration duration) {
    return add(new ScriptedFault.FixedStatus(errorStatus(status), until(duration)));
  }

  /**
   * Answers {@code status} to every event post whose JSON body contains a match of {@code regex}
   * (title, text, tags and aggregation key are all in it), until {@link #clear()}; other requests
   * are answered as usual. One event that Datadog keeps failing, as a payload it chokes on would.
   *
   * @throws IllegalArgumentException if {@code regex} is empty or not a valid regular expression
   */
  public Faults statusForEventsMatching(int status, String regex) {
    return add(new ScriptedFault.FixedStatus(errorStatus(status), Budget.untilCleared(),
        Optional.of(pattern(regex))));
  }

  /** Answers the next {@code count} Datadog API requests with {@code status}. */
  public Faults statusForNext(int status, int count) {
    return add(new ScriptedFault.FixedStatus(errorStatus(status), next(count)));
  }

  /**
   * Answers every {@code n}-th Datadog API request from now on with {@code status}, until {@link
   * #clear()}. With {@code n = 1} every request fails.
   */
  public Faults failEveryNth(int n, int status) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    return add(new ScriptedFault.EveryNth(n, errorStatus(status)));
  }

  /**
   * Answers every Datadog API request with 429 and rate-limit headers announcing {@code
   * x-ratelimit-reset: resetSeconds}, until {@link #clear()}.
   */
  public Faults rateLimit(long resetSeconds) {
    return add(new ScriptedFault.RateLimit(Budget.untilCleared(), resetSeconds(resetSeconds)));
  }

  /**
   * Answers 429 with rate-limit headers for the next {@code duration}; {@code x-ratelimit-reset}
   * announces the whole seconds left until the fault ends.
   */
  public Faults rateLimitFor(Duration duration) {
    return add(new ScriptedFault.RateLimit(until(duration), 0));
  }

  /**
   * Answers the next {@code count} Datadog API requests with 429 and rate-limit headers announcing
   * {@code x-ratelimit-reset: resetSeconds}.
   */
  public Faults rateLimitNext(int count, long resetSeconds) {
    return add(new ScriptedFault.RateLimit(next(count), resetSeconds(resetSeconds)));
  }

  /** Resets the connection of every Datadog API request until {@link #clear()}. */
  public Faults dropConnections() {
    return dropConnections(ConnectionDrop.RESET_BY_PEER);
  }

  /**
   * Drops the connection of every Datadog API request, in the given way, until {@link #clear()}.
   */
  public Faults dropConnections(ConnectionDrop mode) {
    return add(new ScriptedFault.DroppedConnection(required(mode), Budget.untilCleared()));
  }

  /** Resets the connection of every Datadog API request for the next {@code duration}. */
  public Faults dropConnectionsFor(Duration duration) {
    return dropConnectionsFor(duration, ConnectionDrop.RESET_BY_PEER);
  }

  /** Drops the connection of every Datadog API request, in the given way, for {@code duration}. */
  public Faults dropConnectionsFor(Duration duration, ConnectionDrop mode) {
    return add(new ScriptedFault.DroppedConnection(required(mode), until(duration)));
  }

  /** Resets the connection of the next {@code count} Datadog API requests. */
  public Faults dropConnectionsNext(int count) {
    return dropConnectionsNext(count, ConnectionDrop.RESET_BY_PEER);
  }

  /** Drops the connection of the next {@code count} Datadog API requests in the given way. */
  public Faults dropConnectionsNext(int count, ConnectionDrop mode) {
    return add(new ScriptedFault.DroppedConnection(required(mode), next(count)));
  }

  /** Removes every fault; the simulator behaves like a healthy Datadog again. */
  public synchronized void clear() {
    active.clear();
    log.info("Datadog simulator faults cleared");
  }

  /** Human-readable descriptions of the faults still in effect, in the order they were added. */
  public synchronized List<String> describeActive() {
    Instant now = clock.instant();
    active.removeIf(fault -> fault.isOver(now));
    return active.stream().map(fault -> fault.describe(now)).toList();
  }

  /**
   * Decides what the faults do to one Datadog API request; called once per request.
   *
   * @param eventBody the body of an event post; null for other requests
   */
  synchronized Decision onRequest(String eventBody) {
    Instant now = clock.instant();
    active.removeIf(fault -> fault.isOver(now));
    Duration delay = Duration.ZERO;
    Interruption interruption = null;
    for (ScriptedFault fault : active) {
      if (!fault.concerns(eventBody)) {
        continue;
      }
      if (fault.delay().compareTo(delay) > 0) {
        delay = fault.delay();
      }
      Optional<Interruption> effect = fault.onRequest(now, interruption != null);
      if (interruption == null && effect.isPresent()) {
        interruption = effect.get();
      }
    }
    return new Decision(delay, Optional.ofNullable(interruption));
  }

  /** What the active faults do to one request: a delay, and possibly a replacement response. */
  record Decision(Duration delay, Optional<Interruption> interruption) {}

  private Faults add(ScriptedFault fault) {
    synchronized (this) {
      active.add(fault);
      log.info("Datadog simulator fault added: {}", fault.describe(clock.instant()));
    }
    return this;
  }

  private Budget until(Duration duration) {
    return Budget.until(clock.instant().plus(positiveMillis(duration, "duration")));
  }

  private static Budget next(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    return Budget.nextRequests(count);
  }

  /** Faults simulate failures, so a success status would only confuse the client under test. */
  private static int errorStatus(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "status must be an error status between 400 and 599, got " + status);
    }
    return status;
  }

  private static Pattern pattern(String regex) {
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException("matching must be a non-empty regular expression, got " + regex);
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("matching is not a valid regular expression: " + e.getDescription()
          + " near index " + e.getIndex() + " of " + regex);
    }
  }

  private static Duration positiveMillis(Duration duration, String name) {
    if (duration == null || duration.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, got " + duration);
    }
    return duration;
  }

  /** WireMock takes a delay in int milliseconds; nobody needs a longer one than that allows. */
  private static Duration delay(Duration delay) {
    positiveMillis(delay, "delay");
    if (delay.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "delay must be at most " + Integer.MAX_VALUE + " ms, got " + delay);
    }
    return delay;
  }

  private static long resetSeconds(long resetSeconds) {
    if (resetSeconds < 0) {
      throw new IllegalArgumentException("resetSeconds must not be negative, got " + resetSeconds);
    }
    return resetSeconds;
  }

  private static ConnectionDrop required(ConnectionDrop mode) {
    if (mode == null) {
      throw new IllegalArgumentException("mode must be one of RESET_BY_PEER, EMPTY_RESPONSE");
    }
    return mode;
  }
}
