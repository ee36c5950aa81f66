package dev.dqnotify.forwarder.deliver;

import dev.dqnotify.forwarder.render.DatadogEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers events to Datadog until each is delivered or rejected: the forwarder's one retry loop.
 *
 * <ul>
 *   <li>At most {@code maxInFlight} requests run at once, on as many threads; optionally at most
 *       {@code eventsPerSecond} posts start per second (a token bucket on the injected clock).
 *   <li>Retryable failures wait out the {@link BackoffPolicy} and go again, for as long as it
 *       takes: an event is never dropped. A wait Datadog names ({@code x-ratelimit-reset}, {@code
 *       Retry-After}) holds back every event, as the limit is the organisation's, not the event's.
 *   <li>A rejected API key (401/403) pauses all delivery: one ERROR for the operator, {@link
 *       #health()} and the {@code datadog_key_accepted} gauge say so, and the key is checked with
 *       {@link DatadogEventsClient#validate()} every {@code authProbeInterval} (re-reading it, so a
 *       fixed key file or a key Datadog starts accepting is picked up). Events wait; none is
 *       rejected for the key.
 *   <li>{@link #close(Duration)} keeps delivering until the deadline, then fails what is left with
 *       a {@link CancellationException}, so the consumer does not commit those offsets.
 * </ul>
 *
 * <p>Time comes from the injected clock. A dispatcher thread looks at it at least every {@value
 * #CLOCK_POLL_MILLIS} ms while something waits on time, so a test can move a manual clock instead
 * of sleeping. Thread-safe.
 */
public final class RetryingDeliverer implements EventSink, AutoCloseable {

  /** The deadline {@link #close()} gives in-flight events. */
  public static final Duration DEFAULT_CLOSE_DEADLINE = Duration.ofSeconds(10);

  /** Waits on time are cut into slices this long, as the clock may not be the system's. */
  static final long CLOCK_POLL_MILLIS = 20;

  private static final Duration CLOCK_POLL = Duration.ofMillis(CLOCK_POLL_MILLIS);

  private final DatadogEventsClient client;
  private final BackoffPolicy backoff;
  private final int maxInFlight;
  private final Duration authProbeInterval;
  private final Clock clock;
  private final DeliveryTelemetry telemetry;
  private final ExecutorService workers;
  private final Thread dispatcher;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled whenever something the dispatcher or close() waits on may have changed. */
  private final Condition changed = lock.newCondition();

  // Everything below is guarded by lock.
  private final Optional<TokenBucket> rateLimit;
  private final PriorityQueue<Attempt> waiting =
      new PriorityQueue<>(
          Comparator.comparing((Attempt attempt) -> attempt.notBefore)
              .thenComparingLong(attempt -> attempt.sequence));
  /** Every event submitted and not finished, by the future {@link #submit} returned for it. */
  private final Map<CompletableFuture<FinalOutcome>, Attempt> unfinished = new HashMap<>();
  private long nextSequence;
  private int inFlight;
  private Instant holdUntil = Instant.EPOCH;
  private boolean paused;
  private Instant pausedAt;
  private Instant nextProbeAt;
  private int consecutiveFailures;
  private Instant lastSuccess;
  private boolean closing;
  private boolean stopped;

  /**
   * Starts a deliverer; its threads are daemons and end with {@link #close(Duration)}.
   *
   * @param client posts single attempts; not closed by this deliverer, whoever built it does
   * @param backoff the wait between attempts of one event
   * @param maxInFlight the most requests at once, at least 1
   * @param rateLimit a cap on posts started per second, if any
   * @param authProbeInterval how often to check a rejected key again, positive
   * @param clock the source of time for backoff, probes and close deadlines (the rate limit has
   *     the same clock)
   * @param telemetry where what happens is logged and counted
   */
  public RetryingDeliverer(
      DatadogEventsClient client,
      BackoffPolicy backoff,
      int maxInFlight,
      Optional<TokenBucket> rateLimit,
      Duration authProbeInterval,
      Clock clock,
      DeliveryTelemetry telemetry) {
    this.client = Objects.requireNonNull(client, "client");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    Objects.requireNonNull(authProbeInterval, "authProbeInterval");
    if (authProbeInterval.isNegative() || authProbeInterval.isZero()) {
      throw new IllegalArgumentException(
          "authProbeInterval must be positive, got " + authProbeInterval);
    }
    this.maxInFlight = maxInFlight;
    this.authProbeInterval = authProbeInterval;
    this.workers = Executors.newFixedThreadPool(maxInFlight, daemonThreads("dqnotify-deliver-"));
    this.dispatcher = daemonThreads("dqnotify-deliver-dispatcher-").newThread(this::dispatch);
    dispatcher.start();
  }

  /**
   * Queues an event for delivery.
   *
   * @return completes with {@link FinalOutcome.Delivered} or {@link FinalOutcome.Rejected}, or
   *     fails with {@link CancellationException} if the deliverer is closed first (at once if it is
   *     already closing), or when it is {@link #withdraw withdrawn}. Cancelling the future itself
   *     does not stop delivery; {@link #withdraw} does.
   */
  @Override
  public CompletableFuture<FinalOutcome> submit(DatadogEvent event) {
    Objects.requireNonNull(event, "event");
    lock.lock();
    try {
      if (closing) {
        return CompletableFuture.failedFuture(
            new CancellationException(
                "Datadog deliverer is closing; notification "
                    + event.notificationId()
                    + " was not sent"));
      }
      Attempt attempt = new Attempt(event, nextSequence++, clock.instant());
      unfinished.put(attempt.result, attempt);
      waiting.add(attempt);
      changed.signalAll();
      return attempt.result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives up on a submitted event: it is not attempted again. Waiting for its turn or backing off,
   * it leaves the queue at once and its future fails with {@link CancellationException}. With a
   * request under way, that request finishes: accepted or rejected, the future completes with that
   * outcome as usual (Datadog has the event, or never will); failed, it is not retried and the
   * future fails with {@link CancellationException}. Does nothing for a finished event.
   */
  @Override
  public void withdraw(CompletableFuture<FinalOutcome> submitted) {
    Attempt attempt;
    lock.lock();
    try {
      attempt = unfinished.get(submitted);
      if (attempt == null || attempt.withdrawn) {
        return;
      }
      attempt.withdrawn = true;
      if (!waiting.remove(attempt)) {
        return; // under way: settle() ends it when its answer comes
      }
      unfinished.remove(submitted);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    withdrawn(attempt).run();
  }

  /** Fails a withdrawn attempt's future; run outside the lock. */
  private Runnable withdrawn(Attempt attempt) {
    int attempts = attempt.attempts;
    return () -> {
      telemetry.withdrawn(attempt.event, attempts);
      attempt.result.completeExceptionally(new CancellationException(
          "notification " + attempt.event.notificationId() + " was withdrawn before Datadog accepted it"));
    };
  }

  /**
   * Whether the consumer should stop feeding events for now: the in-flight limit is reached
   * (counting events queued for their turn and events backing off, so during an outage at most
   * {@code maxInFlight} events wait here), delivery is paused for the API key, or a rate limit
   * holds every event. A failure alone does not saturate: one event Datadog keeps failing takes
   * one slot, and the others go on (before, it blocked every partition until it got through).
   */
  @Override
  public boolean saturated() {
    lock.lock();
    try {
      return paused
          || inFlight + waiting.size() >= maxInFlight
          || clock.instant().isBefore(holdUntil);
    } finally {
      lock.unlock();
    }
  }

  /** How delivery is going, for {@code /health}. */
  public DeliveryHealth health() {
    lock.lock();
    try {
      return new DeliveryHealth(!paused, Optional.ofNullable(lastSuccess), consecutiveFailures);
    } finally {
      lock.unlock();
    }
  }

  /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_DEADLINE}. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_DEADLINE);
  }

  /**
   * Stops accepting events, keeps delivering those it has until {@code deadline} has passed on the
   * clock, then fails the rest with {@link CancellationException}. Closing again does nothing.
   */
  public void close(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    List<Attempt> abandoned;
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      closing = true;
      changed.signalAll();
      Instant end = clock.instant().plus(deadline);
      try {
        Instant now = clock.instant();
        while (!unfinished.isEmpty() && now.isBefore(end)) {
          awaitChangeOrTime(end, now);
          now = clock.instant();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // give up waiting, still cancel cleanly
      }
      abandoned = new ArrayList<>(unfinished.values());
      unfinished.clear();
      waiting.clear();
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // Requests still running end within the client's timeouts; their answers are then ignored.
    workers.shutdown();
    telemetry.abandonedOnClose(abandoned.size(), deadline);
    for (Attempt attempt : abandoned) {
      attempt.result.completeExceptionally(
          new CancellationException(
              "Datadog deliverer closed before notification "
                  + attempt.event.notificationId()
                  + " was delivered"));
    }
  }

  /** The dispatcher thread: starts attempts when they are due, and probes a rejected key. */
  private void dispatch() {
    lock.lock();
    try {
      while (!stopped) {
        Instant now = clock.instant();
        if (paused) {
          if (now.isBefore(nextProbeAt)) {
            awaitChangeOrTime(nextProbeAt, now);
          } else {
            probeKey();
          }
        } else {
          Instant wakeAt = startDueAttempts(now);
          if (wakeAt == null) {
            changed.await(); // nothing waits on time: only a submit or an answer changes things
          } else {
            awaitChangeOrTime(wakeAt, now);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts every attempt that is due, within the in-flight limit and the rate limit.
   *
   * @return when to look again, or null when only a signal can make more work startable
   */
  private Instant startDueAttempts(Instant now) {
    for (Instant due = dueAt(now); due != null; due = dueAt(now)) {
      if (due.isAfter(now)) {
        return due;
      }
      Attempt next = take();
      workers.execute(() -> post(next));
    }
    return null;
  }

  /**
   * When the first waiting attempt may start, under the lock: {@code now} when it may start now
   * (a rate-limit token is then taken for it, so the caller must {@link #take()} it), a later time
   * when it must wait, null when nothing waits or the in-flight limit is reached.
   */
  private Instant dueAt(Instant now) {
    if (inFlight >= maxInFlight || waiting.isEmpty()) {
      return null;
    }
    Attempt next = waiting.peek();
    Instant due = next.notBefore.isAfter(holdUntil) ? next.notBefore : holdUntil;
    if (now.isBefore(due)) {
      return due;
    }
    if (rateLimit.isPresent()) {
      Optional<Duration> wait = rateLimit.get().tryAcquire(now); // never a zero wait
      if (wait.isPresent()) {
        return now.plus(wait.get());
      }
    }
    return now;
  }

  /** Takes the first waiting attempt and counts it in flight, under the lock. */
  private Attempt take() {
    Attempt next = waiting.poll();
    next.attempts++;
    inFlight++;
    telemetry.inFlight(inFlight);
    return next;
  }

  /**
   * On a worker thread: one request, then the bookkeeping for its outcome; then the next attempt
   * that is due, on the same thread, so a busy deliverer hands no work between threads.
   */
  private void post(Attempt first) {
    for (Attempt attempt = first; attempt != null; ) {
      Attempt posted = attempt;
      DeliveryOutcome outcome;
      RuntimeException unexpected = null;
      try {
        outcome = telemetry.timePost(() -> client.post(posted.event));
      } catch (RuntimeException e) {
        unexpected = e;
        outcome =
            new DeliveryOutcome.Retryable(
                "unexpected " + e.getClass().getSimpleName(), OptionalInt.empty(), Optional.empty());
      }
      Runnable afterUnlock;
      boolean closed;
      lock.lock();
      try {
        inFlight--;
        telemetry.inFlight(inFlight);
        closed = stopped;
        afterUnlock = closed ? () -> {} : settle(posted, outcome, clock.instant());
        attempt = null;
        if (!closed && !paused) {
          Instant now = clock.instant();
          Instant due = dueAt(now);
          if (due != null && !due.isAfter(now)) {
            attempt = take();
          }
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (unexpected != null && !closed) {
        // After close() a request may still fail on the closed client: that is no news.
        telemetry.unexpectedFailure(posted.event, unexpected);
      }
      // Completing outside the lock: the caller's callbacks run on this thread and may call back.
      afterUnlock.run();
    }
  }

  /**
   * Updates state for one outcome, under the lock.
   *
   * @return what to do once the lock is released: complete the future, log
   */
  private Runnable settle(Attempt attempt, DeliveryOutcome outcome, Instant now) {
    int attempts = attempt.attempts; // read now: a requeued attempt may start again before logging
    if (outcome instanceof DeliveryOutcome.Delivered delivered) {
      unfinished.remove(attempt.result);
      if (consecutiveFailures > 0) {
        releaseBackedOff(now);
      }
      consecutiveFailures = 0;
      lastSuccess = now;
      return () -> {
        telemetry.delivered(attempt.event, delivered.datadogEventId(), attempts);
        attempt.result.complete(new FinalOutcome.Delivered(delivered.datadogEventId(), attempts));
      };
    }
    if (outcome instanceof DeliveryOutcome.Rejected rejected) {
      unfinished.remove(attempt.result);
      return () -> {
        telemetry.rejected(attempt.event, attempts, rejected);
        attempt.result.complete(
            new FinalOutcome.Rejected(rejected.status(), rejected.bodyExcerpt()));
      };
    }
    if (outcome instanceof DeliveryOutcome.Unauthorized unauthorized) {
      Runnable next = requeueUnlessWithdrawn(attempt, now);
      if (paused) {
        return () -> {
          telemetry.unauthorizedAgain(attempt.event, unauthorized.status());
          next.run();
        };
      }
      paused = true;
      pausedAt = now;
      nextProbeAt = now.plus(authProbeInterval);
      // Under the lock, so the gauge cannot go back to "rejected" after a quick probe resumed.
      telemetry.keyRejected(unauthorized.status(), client.keyOrigin(), client.site(), authProbeInterval);
      return next;
    }
    DeliveryOutcome.Retryable retryable = (DeliveryOutcome.Retryable) outcome;
    consecutiveFailures++;
    Duration wait = backoff.delay(attempts, retryable.retryAfter(), ThreadLocalRandom.current());
    retryable
        .retryAfter()
        .map(now::plus)
        .filter(until -> until.isAfter(holdUntil))
        .ifPresent(until -> holdUntil = until);
    if (attempt.withdrawn) {
      return requeueUnlessWithdrawn(attempt, now);
    }
    attempt.notBefore = now.plus(wait);
    waiting.add(attempt);
    return () -> telemetry.retrying(attempt.event, attempts, retryable, wait);
  }

  /**
   * Puts an attempt that must go again back in line (first, from {@code now}), or ends it if it
   * was withdrawn while its request was under way; under the lock.
   *
   * @return what to do once the lock is released
   */
  private Runnable requeueUnlessWithdrawn(Attempt attempt, Instant now) {
    if (attempt.withdrawn) {
      unfinished.remove(attempt.result);
      return withdrawn(attempt);
    }
    attempt.notBefore = now;
    waiting.add(attempt);
    return () -> {};
  }

  /**
   * Datadog answers again after failures: the events backing off need not wait out their (up to
   * {@code backoff.max}) delays, which would leave a backlog idle long after an outage ended. They
   * become due now, in their order; a rate limit's hold ({@code holdUntil}) still applies.
   */
  private void releaseBackedOff(Instant now) {
    List<Attempt> backedOff = new ArrayList<>(waiting);
    waiting.clear();
    for (Attempt waitingAttempt : backedOff) {
      if (waitingAttempt.notBefore.isAfter(now)) {
        waitingAttempt.notBefore = now;
      }
      waiting.add(waitingAttempt);
    }
  }

  /** Asks Datadog about the key, without holding the lock during the request. */
  private void probeKey() {
    DeliveryOutcome outcome;
    lock.unlock();
    try {
      outcome = client.validate();
    } catch (RuntimeException e) {
      outcome =
          new DeliveryOutcome.Retryable(
              "key check failed: " + e.getClass().getSimpleName(),
              OptionalInt.empty(),
              Optional.empty());
    } finally {
      lock.lock();
    }
    Instant now = clock.instant();
    if (outcome instanceof DeliveryOutcome.Delivered) {
      paused = false;
      telemetry.keyAcceptedAgain(Duration.between(pausedAt, now));
      changed.signalAll();
    } else {
      nextProbeAt = now.plus(authProbeInterval);
      telemetry.keyStillRejected(outcome);
    }
  }

  /** Waits for a signal, until {@code until} by the clock, or one clock-poll slice. */
  private void awaitChangeOrTime(Instant until, Instant now) throws InterruptedException {
    Duration left = Duration.between(now, until);
    if (left.isNegative() || left.isZero()) {
      return;
    }
    changed.awaitNanos(left.compareTo(CLOCK_POLL) < 0 ? left.toNanos() : CLOCK_POLL.toNanos());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One event on its way: its future, its place in the queue, its attempts so far. */
  private static final class Attempt {
    final DatadogEvent event;
    final long sequence;
    final CompletableFuture<FinalOutcome> result = new CompletableFuture<>();
    int attempts; // guarded by the deliverer's lock
    boolean withdrawn; // guarded by the deliverer's lock
    Instant notBefore; // guarded by the deliverer's lock; changed only while out of the queue

    Attempt(DatadogEvent event, long sequence, Instant notBefore) {
      this.event = event;
      this.sequence = sequence;
      this.notBefore = notBefore;
    }
  }
}
