package dev.dqnotify.localstack.datadog;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One fault scripted on the simulator. Every Datadog API request is shown to every active fault in
 * the order they were added; the first one that interrupts it decides the response. Not
 * thread-safe: {@link Faults} calls these under its lock.
 */
sealed interface ScriptedFault {

  /** True when the fault has run its course and can be forgotten. */
  boolean isOver(Instant now);

  /**
   * Whether the fault concerns a request at all; one that does not is not shown it.
   *
   * @param eventBody the JSON body of an event post; null for other requests (the key check)
   */
  default boolean concerns(String eventBody) {
    return true;
  }

  /** Delay this fault adds before the response (or the dropped connection). */
  default Duration delay() {
    return Duration.ZERO;
  }

  /**
   * Sees one request.
   *
   * @param alreadyInterrupted true when a fault added earlier already interrupts this request; a
   *     counted fault then keeps its budget for a later request
   */
  Optional<Interruption> onRequest(Instant now, boolean alreadyInterrupted);

  String describe(Instant now);

  /** Every response waits {@code delay} first. */
  final class Latency implements ScriptedFault {
    private final Duration delay;
    private final Budget budget;

    Latency(Duration delay, Budget budget) {
      this.delay = delay;
      this.budget = budget;
    }

    @Override
    public boolean isOver(Instant now) {
      return budget.isSpent(now);
    }

    @Override
    public Duration delay() {
      return delay;
    }

    @Override
    public Optional<Interruption> onRequest(Instant now, boolean alreadyInterrupted) {
      return Optional.empty();
    }

    @Override
    public String describe(Instant now) {
      return "latency " + delay.toMillis() + " ms " + budget.describe(now);
    }
  }

  /**
   * A fault that interrupts requests while its budget (a count or a time span) lasts. A request
   * another fault already interrupts does not spend it.
   */
  abstract sealed class Budgeted implements ScriptedFault permits FixedStatus, RateLimit, DroppedConnection {
    final Budget budget;

    Budgeted(Budget budget) {
      this.budget = budget;
    }

    @Override
    public boolean isOver(Instant now) {
      return budget.isSpent(now);
    }

    @Override
    public final Optional<Interruption> onRequest(Instant now, boolean alreadyInterrupted) {
      if (alreadyInterrupted) {
        return Optional.empty();
      }
      Interruption interruption = interrupt(now); // before spending: it may read what is left
      budget.spendOne();
      return Optional.of(interruption);
    }

    /** How this fault interrupts one request. */
    abstract Interruption interrupt(Instant now);
  }

  /**
   * Answers every request with one status, as during an outage; or, with a pattern, only the event
   * posts whose body it finds a match in (a record Datadog keeps refusing).
   */
  final class FixedStatus extends Budgeted {
    private final int status;
    private final Optional<Pattern> matching;

    FixedStatus(int status, Budget budget) {
      this(status, budget, Optional.empty());
    }

    FixedStatus(int status, Budget budget, Optional<Pattern> matching) {
      super(budget);
      this.status = status;
      this.matching = matching;
    }

    @Override
    public boolean concerns(String eventBody) {
      return matching.isEmpty() || (eventBody != null && matching.get().matcher(eventBody).find());
    }

    @Override
    Interruption interrupt(Instant now) {
      return errorReply(status, Map.of());
    }

    @Override
    public String describe(Instant now) {
      return "status " + status + matching.map(p -> " for events matching /" + p.pattern() + "/").orElse("") + " "
          + budget.describe(now);
    }
  }

  /** Fails the n-th, 2n-th, ... request it sees, counting from when it was added. */
  final class EveryNth implements ScriptedFault {
    private final int n;
    private final int status;
    private long seen;

    EveryNth(int n, int status) {
      this.n = n;
      this.status = status;
    }

    @Override
    public boolean isOver(Instant now) {
      return false;
    }

    @Override
    public Optional<Interruption> onRequest(Instant now, boolean alreadyInterrupted) {
      // Counts every request, interrupted or not, so "every 3rd" stays every 3rd request on the
      // wire.
      seen++;
      if (alreadyInterrupted || seen % n != 0) {
        return Optional.empty();
      }
      return Optional.of(errorReply(status, Map.of()));
    }

    @Override
    public String describe(Instant now) {
      return "status " + status + " on one request in every " + n + " (" + seen + " seen)";
    }
  }

  /** Answers 429 with Datadog's rate-limit headers. */
  final class RateLimit extends Budgeted {
    /** Datadog's documented limit for events: 250,000 per minute per organisation. */
    static final int LIMIT = 250_000;

    static final int PERIOD_SECONDS = 60;

    private final long fixedResetSeconds;

    /**
     * @param fixedResetSeconds the reset to announce, unless the budget is time-bounded: then the
     *     time left until its end is announced instead
     */
    RateLimit(Budget budget, long fixedResetSeconds) {
      super(budget);
      this.fixedResetSeconds = fixedResetSeconds;
    }

    @Override
    Interruption interrupt(Instant now) {
      long reset = budget.end().map(end -> secondsUntil(now, end)).orElse(fixedResetSeconds);
      // Datadog sends these names in lower case; clients that look them up case-sensitively must
      // see exactly that.
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("x-ratelimit-limit", Integer.toString(LIMIT));
      headers.put("x-ratelimit-period", Integer.toString(PERIOD_SECONDS));
      headers.put("x-ratelimit-remaining", "0");
      headers.put("x-ratelimit-reset", Long.toString(reset));
      headers.put("x-ratelimit-name", "events");
      return errorReply(429, headers);
    }

    /** Whole seconds, rounded up, so a client that waits that long finds the window over. */
    private static long secondsUntil(Instant now, Instant end) {
      long millis = Math.max(0, Duration.between(now, end).toMillis());
      return (millis + 999) / 1000;
    }

    @Override
    public String describe(Instant now) {
      return "rate limit (429) " + budget.describe(now);
    }
  }

  /** Drops the connection instead of answering. */
  final class DroppedConnection extends Budgeted {
    private final Faults.ConnectionDrop mode;

    DroppedConnection(Faults.ConnectionDrop mode, Budget budget) {
      super(budget);
      this.mode = mode;
    }

    @Override
    Interruption interrupt(Instant now) {
      return new Interruption.Drop(mode);
    }

    @Override
    public String describe(Instant now) {
      return "dropped connection (" + mode + ") " + budget.describe(now);
    }
  }

  private static Interruption.Reply errorReply(int status, Map<String, String> headers) {
    return new Interruption.Reply(status, headers, Json.errors(reasonFor(status)));
  }

  private static String reasonFor(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 429 -> "Too many requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Simulated failure with status " + status;
    };
  }
}
