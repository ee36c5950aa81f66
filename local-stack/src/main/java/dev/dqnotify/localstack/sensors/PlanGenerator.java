package dev.dqnotify.localstack.sensors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * Lays out one simulation: every sensor sends once per tick, each at its own fixed slot, so regular
 * messages come in ascending {@code sent_at}; faults replace a regular message (too few readings,
 * out-of-range readings) or follow one (a duplicate copy, a late message, a malformed record, a
 * message of an unknown store), each at its own slot. Silent stores stop at a tick. While laying out,
 * it runs the job's event-time silence rule to find the message that reveals each silence, and at
 * the end it checks that every count of the fault plan came out exactly.
 */
final class PlanGenerator {

  private static final long NONE = Long.MIN_VALUE;
  private static final String UNKNOWN_STORE_PREFIX = "store-unlisted-";

  private final StoreFleet fleet;
  private final Instant start;
  private final long intervalMs;
  private final int ticks;
  private final Thresholds thresholds;
  private final FaultPlan faults;
  private final long seed;
  private final Random random;
  private final List<StoreFleet.Sensor> sensors;
  private final long stepMs;
  private final Map<String, String> sizeClassOf = new HashMap<>();
  private final List<SimulatedMessage> messages = new ArrayList<>();
  private long ids;
  private int badValues;

  // The job's silence state: the newest on-time sent_at of any store, and per store {lastSeen, reportedFor}.
  private long highWaterMs = NONE;
  private final Map<String, long[]> activity = new LinkedHashMap<>();

  /** One fault at one slot; {@code ordinal} counts the faults of its type, to vary their shape. */
  private record Fault(EventType type, int ordinal, int badReadings) {}

  PlanGenerator(StoreFleet fleet, Instant start, Duration interval, int ticks, Thresholds thresholds,
      FaultPlan faults, long seed) {
    this.fleet = fleet;
    this.start = start;
    this.intervalMs = interval.toMillis();
    this.ticks = ticks;
    this.thresholds = thresholds;
    this.faults = faults;
    this.seed = seed;
    this.random = new Random(seed);
    this.sensors = fleet.sensors();
    this.stepMs = intervalMs / sensors.size();
    fleet.stores().forEach(s -> sizeClassOf.put(s.storeId(), s.sizeClass()));
  }

  /**
   * How far behind its sensor's newest message a late message is sent: beyond the lateness by a
   * clear margin, so no rounding or batch cut can make it on time.
   */
  static Duration lateBy(Thresholds thresholds, Duration interval) {
    Duration margin = (interval.compareTo(Duration.ofSeconds(1)) > 0 ? interval : Duration.ofSeconds(1))
        .plus(thresholds.allowedLateness().dividedBy(2));
    return thresholds.allowedLateness().plus(margin);
  }

  /**
   * Ticks of traffic a silent store needs after its last tick: the clock (newest sent_at minus the
   * lateness) must pass its last message by more than the timeout, whichever slot that message had.
   */
  static int ticksToReveal(Thresholds thresholds, long intervalMs) {
    return (int) ((thresholds.silenceTimeout().toMillis() + thresholds.allowedLateness().toMillis()) / intervalMs) + 2;
  }

  List<SimulatedMessage> generate() {
    validate();
    Map<String, Integer> stops = chooseSilences();
    Map<Long, Fault> faultAt = placeFaults(stops);
    for (int tick = 0; tick < ticks; tick++) {
      for (int j = 0; j < sensors.size(); j++) {
        StoreFleet.Sensor sensor = sensors.get(j);
        if (tick >= stops.getOrDefault(sensor.storeId(), Integer.MAX_VALUE)) {
          continue;
        }
        Instant sentAt = start.plusMillis(tick * intervalMs + j * stepMs);
        emitSlot(sensor, sentAt, faultAt.get(slot(tick, j)));
      }
    }
    verify(stops);
    return messages;
  }

  private void validate() {
    if (ticks < 1) {
      throw new IllegalArgumentException("ticks is " + ticks + "; expected >= 1");
    }
    if (intervalMs < 1) {
      throw new IllegalArgumentException("interval is " + intervalMs + " ms; expected >= 1 ms");
    }
    long timeoutMs = thresholds.silenceTimeout().toMillis();
    if (2 * intervalMs > timeoutMs) {
      // Well below, not just below: a job batch may read one partition further than another.
      throw new IllegalArgumentException("interval " + intervalMs + " ms is more than half the silence timeout "
          + timeoutMs + " ms, so stores that keep sending could count as silent; use a shorter interval (live: a "
          + "higher rate or fewer sensors) or a longer silence timeout");
    }
    int silences = faults.count(EventType.STORE_SILENT);
    if (silences > 0 && silences >= fleet.stores().size()) {
      throw new IllegalArgumentException(silences + " silent stores need at least " + (silences + 1)
          + " stores (one must keep sending to move the job's clock); the fleet has " + fleet.stores().size());
    }
    if (silences > 0 && ticks - ticksToReveal(thresholds, intervalMs) < 1) {
      int needed = ticksToReveal(thresholds, intervalMs) + 1;
      throw new IllegalArgumentException("a silent store needs " + needed + " ticks (" + Duration.ofMillis(
          needed * intervalMs) + ": silence timeout + lateness + two intervals of traffic after it stops); the plan "
          + "has " + ticks + " ticks of " + intervalMs + " ms; use a longer duration or a shorter timeout or lateness");
    }
    if (fleet.stores().stream().anyMatch(s -> s.storeId().startsWith(UNKNOWN_STORE_PREFIX))) {
      throw new IllegalArgumentException("store ids starting with " + UNKNOWN_STORE_PREFIX
          + " are reserved for the unknown stores of the simulation");
    }
  }

  /** Which stores fall silent and the first tick at which each sends nothing. */
  private Map<String, Integer> chooseSilences() {
    List<StoreFleet.Store> stores = new ArrayList<>(fleet.stores());
    Collections.shuffle(stores, random);
    int latestStop = ticks - ticksToReveal(thresholds, intervalMs);
    Map<String, Integer> stops = new LinkedHashMap<>();
    for (int i = 0; i < faults.count(EventType.STORE_SILENT); i++) {
      stops.put(stores.get(i).storeId(), 1 + random.nextInt(latestStop));
    }
    return stops;
  }

  private long slot(int tick, int sensorIndex) {
    return (long) tick * sensors.size() + sensorIndex;
  }

  /** Gives every fault its own slot among those whose sensor still sends, at random. */
  private Map<Long, Fault> placeFaults(Map<String, Integer> stops) {
    List<Long> free = new ArrayList<>();
    for (int tick = 0; tick < ticks; tick++) {
      for (int j = 0; j < sensors.size(); j++) {
        if (tick < stops.getOrDefault(sensors.get(j).storeId(), Integer.MAX_VALUE)) {
          free.add(slot(tick, j));
        }
      }
    }
    Collections.shuffle(free, random);
    // Late messages preferably where their sent_at still falls inside the plan.
    long lateBy = lateBy(thresholds, Duration.ofMillis(intervalMs)).toMillis();
    int lateFromTick = (int) Math.min((lateBy + intervalMs - 1) / intervalMs, ticks / 2);
    Map<EventType, IntPredicate> fits = new EnumMap<>(EventType.class);
    fits.put(EventType.LATE_DATA, i -> free.get(i) / sensors.size() >= lateFromTick);
    fits.put(EventType.INSUFFICIENT_DATA_POINTS, i -> minPoints(sensorAt(free.get(i))) >= 1);
    fits.put(EventType.OUT_OF_RANGE, i -> hasRangedMetric(SensorType.of(sensorAt(free.get(i)).type())));
    boolean[] used = new boolean[free.size()];
    // Slots only get used, so each type's first fitting slot never moves back: one cursor per type.
    Map<EventType, Integer> cursor = new EnumMap<>(EventType.class);
    Map<Long, Fault> placed = new HashMap<>();
    for (Fault fault : faultsToPlace()) {
      IntPredicate fit = fits.getOrDefault(fault.type(), i -> true);
      int found = -1;
      for (int i = cursor.getOrDefault(fault.type(), 0); i < free.size() && found < 0; i++) {
        if (!used[i] && fit.test(i)) {
          found = i;
        }
      }
      cursor.put(fault.type(), Math.max(found, 0));
      if (found < 0) {
        throw new IllegalArgumentException("no slot left for " + fault.type() + " #" + (fault.ordinal() + 1) + " of "
            + faults + " among " + free.size() + " regular messages" + (fault.type() == EventType.OUT_OF_RANGE
                ? " (or no sensor measures a metric that has a range)"
                : fault.type() == EventType.INSUFFICIENT_DATA_POINTS ? " (or every store's minimum is 0)" : "")
            + "; use more ticks, more sensors or fewer faults");
      }
      used[found] = true;
      placed.put(free.get(found), fault);
    }
    return placed;
  }

  private List<Fault> faultsToPlace() {
    List<Fault> all = new ArrayList<>();
    for (EventType type : List.of(EventType.LATE_DATA, EventType.INSUFFICIENT_DATA_POINTS,
        EventType.DUPLICATE_MESSAGE, EventType.MALFORMED_RECORD, EventType.UNKNOWN_STORE)) {
      for (int i = 0; i < faults.count(type); i++) {
        all.add(new Fault(type, i, 0));
      }
    }
    // One event per bad reading: messages alternate one and two bad readings, so both are exercised.
    int remaining = faults.count(EventType.OUT_OF_RANGE);
    for (int i = 0; remaining > 0; i++) {
      int bad = Math.min(remaining, i % 2 == 0 ? 1 : 2);
      all.add(new Fault(EventType.OUT_OF_RANGE, i, bad));
      remaining -= bad;
    }
    // Constrained faults first, so they get the slots they need.
    all.sort(java.util.Comparator.comparing(f -> f.type() == EventType.LATE_DATA ? 0
        : f.type() == EventType.OUT_OF_RANGE || f.type() == EventType.INSUFFICIENT_DATA_POINTS ? 1 : 2));
    return all;
  }

  private StoreFleet.Sensor sensorAt(long slot) {
    return sensors.get((int) (slot % sensors.size()));
  }

  private boolean hasRangedMetric(SensorType type) {
    return type.metrics.stream().anyMatch(m -> thresholds.rangeOf(m).isPresent());
  }

  private int minPoints(StoreFleet.Sensor sensor) {
    return thresholds.minPointsFor(sizeClassOf.get(sensor.storeId()));
  }

  /** Enough readings to raise nothing: the minimum, sometimes exactly, sometimes one or two more. */
  private int regularCount(int min) {
    return Math.max(min, 1) + random.nextInt(3);
  }

  private void emitSlot(StoreFleet.Sensor sensor, Instant sentAt, Fault fault) {
    EventType type = fault == null ? null : fault.type();
    int min = minPoints(sensor);
    if (type == EventType.INSUFFICIENT_DATA_POINTS) {
      // Just below the minimum, about half of it, none at all.
      int[] counts = {min - 1, min / 2, 0};
      Built built = build(sensor, sensor.storeId(), sentAt, counts[fault.ordinal() % counts.length], 0);
      SimulatedMessage message = add(MessageKind.TOO_FEW_READINGS, sensor, built, sentAt, sentAt);
      replaceLast(message.expecting(List.of(
          ExpectedEvent.about(EventType.INSUFFICIENT_DATA_POINTS, message.messageId(), message, sentAt))));
      observe(message);
      return;
    }
    if (type == EventType.OUT_OF_RANGE) {
      int count = Math.max(regularCount(min), fault.badReadings() * SensorType.of(sensor.type()).metrics.size());
      Built built = build(sensor, sensor.storeId(), sentAt, count, fault.badReadings());
      SimulatedMessage message = add(MessageKind.OUT_OF_RANGE_READINGS, sensor, built, sentAt, sentAt);
      List<ExpectedEvent> events = new ArrayList<>();
      built.badReadings.forEach((index, ts) ->
          events.add(ExpectedEvent.about(EventType.OUT_OF_RANGE, message.messageId() + "#" + index, message, ts)));
      replaceLast(message.expecting(events));
      observe(message);
      return;
    }
    Built regular = build(sensor, sensor.storeId(), sentAt, regularCount(min), 0);
    SimulatedMessage original = add(MessageKind.NORMAL, sensor, regular, sentAt, sentAt);
    observe(original);
    if (type == null) {
      return;
    }
    switch (type) {
      case DUPLICATE_MESSAGE: {
        // Right after the original, so it is never late and the original is surely within the horizon.
        SimulatedMessage copy = add(MessageKind.DUPLICATE_COPY, sensor, regular, sentAt, sentAt);
        replaceLast(copy.expecting(List.of(
            ExpectedEvent.about(EventType.DUPLICATE_MESSAGE, copy.messageId() + "#copy2", copy, sentAt))));
        observe(copy);
        break;
      }
      case LATE_DATA: {
        // Its sensor just sent sentAt, so its partition's watermark is at least sentAt - lateness.
        Instant oldSentAt = sentAt.minus(lateBy(thresholds, Duration.ofMillis(intervalMs)));
        Built late = build(sensor, sensor.storeId(), oldSentAt, regularCount(min), 0);
        SimulatedMessage message = add(MessageKind.LATE, sensor, late, oldSentAt, sentAt);
        replaceLast(message.expecting(List.of(
            ExpectedEvent.about(EventType.LATE_DATA, message.messageId(), message, oldSentAt))));
        break;
      }
      case MALFORMED_RECORD: {
        MessageKind kind = MessageKind.MALFORMED_KINDS.get(fault.ordinal() % MessageKind.MALFORMED_KINDS.size());
        Built base = build(sensor, sensor.storeId(), sentAt, regularCount(min), 0);
        ContractMessages.Malformed broken = ContractMessages.malformed(kind, base.message);
        messages.add(new SimulatedMessage(messages.size(), kind, sensor.sensorId(), broken.value(), base.messageId,
            sensor.storeId(), sensor.sensorId(), null, sentAt, 0,
            List.of(ExpectedEvent.malformed(broken.messageId(), broken.storeId(), broken.sensorId()))));
        break;
      }
      case UNKNOWN_STORE: {
        // A few unknown stores, as a store missing from the metadata sends again and again.
        String storeId = UNKNOWN_STORE_PREFIX + String.format("%02d", fault.ordinal() % 3 + 1);
        StoreFleet.Sensor stranger = new StoreFleet.Sensor(
            "s-unlisted-" + String.format("%02d", fault.ordinal() % 3 + 1) + "-" + sensor.type() + "-01", storeId,
            sensor.type(), sensor.manufacturer(), sensor.firmware());
        Built built = build(stranger, storeId, sentAt, regularCount(thresholds.minPointsFor(null)), 0);
        SimulatedMessage message = add(MessageKind.UNKNOWN_STORE, stranger, built, sentAt, sentAt);
        replaceLast(message.expecting(List.of(
            ExpectedEvent.about(EventType.UNKNOWN_STORE, message.messageId(), message, sentAt))));
        observe(message);
        break;
      }
      default:
        throw new IllegalStateException("unplaced fault type " + type);
    }
  }

  /** A message before it is added: its tree, and the {@code ts} of each bad reading by index. */
  private record Built(String messageId, ObjectNode message, int readings, Map<Integer, Instant> badReadings) {}

  private Built build(StoreFleet.Sensor sensor, String storeId, Instant sentAt, int count, int bad) {
    String messageId = nextMessageId();
    SensorType type = SensorType.of(sensor.type());
    List<Integer> ranged = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (thresholds.rangeOf(type.metricAt(i)).isPresent()) {
        ranged.add(i);
      }
    }
    Collections.shuffle(ranged, random);
    List<Integer> badIndices = ranged.subList(0, bad);
    Map<Integer, Instant> badReadings = new java.util.TreeMap<>();
    ArrayNode readings = ContractMessages.MAPPER.createArrayNode();
    for (int i = 0; i < count; i++) {
      // Spread over the interval before sent_at; the last reading is taken at sent_at.
      Instant ts = sentAt.minusMillis(intervalMs).plusMillis((i + 1) * intervalMs / count);
      String metric = type.metricAt(i);
      double value;
      if (badIndices.contains(i)) {
        value = outside(thresholds.rangeOf(metric).orElseThrow(), metric, badValues++ % 2 == 0);
        badReadings.put(i, ts);
      } else {
        value = inside(metric);
      }
      ContractMessages.addReading(readings, ts, metric, value);
    }
    Duration interval = Duration.ofMillis(intervalMs);
    return new Built(messageId, ContractMessages.message(messageId, storeId, sensor, sentAt, interval, readings), count,
        badReadings);
  }

  private double inside(String metric) {
    double value = SensorType.typical(metric, random);
    return thresholds.rangeOf(metric).map(r -> Math.min(r.max(), Math.max(r.min(), value))).orElse(value);
  }

  /** Clearly outside the range, above or below, never lost in rounding or double precision. */
  private static double outside(Thresholds.Range range, String metric, boolean above) {
    double distance = Math.max(1, Math.abs(above ? range.max() : range.min()) / 2);
    double value = above ? range.max() + distance : range.min() - distance;
    value = SensorType.integral(metric) ? (above ? Math.ceil(value) : Math.floor(value)) : SensorType.round(value);
    if (range.contains(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("cannot make a value of " + metric + " outside " + range);
    }
    return value;
  }

  private String nextMessageId() {
    // From the seed and the start, so a plan is reproducible and two runs never share ids.
    String name = "dqnotify-sensors|" + seed + "|" + start.toEpochMilli() + "|" + ids++;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private SimulatedMessage add(MessageKind kind, StoreFleet.Sensor sensor, Built built, Instant sentAt,
      Instant emittedAt) {
    SimulatedMessage message = new SimulatedMessage(messages.size(), kind, sensor.sensorId(),
        ContractMessages.bytes(built.message), built.messageId, sensor.storeId(), sensor.sensorId(), sentAt, emittedAt,
        built.readings, List.of());
    messages.add(message);
    return message;
  }

  private void replaceLast(SimulatedMessage message) {
    messages.set(messages.size() - 1, message);
  }

  /**
   * The job's STORE_SILENT rule for one on-time message, in send order: it moves the clock (newest
   * sent_at of any store minus the lateness) and the store's last activity; a store of the metadata
   * whose last activity lies more than the timeout behind the clock, or behind its own next message,
   * is silent — once per last activity. The silence is attached to this message, which reveals it.
   */
  private void observe(SimulatedMessage message) {
    long sentAt = message.sentAt().toEpochMilli();
    long timeoutMs = thresholds.silenceTimeout().toMillis();
    List<ExpectedEvent> revealed = new ArrayList<>();
    highWaterMs = Math.max(highWaterMs, sentAt);
    if (sizeClassOf.containsKey(message.storeId())) {
      long[] state = activity.computeIfAbsent(message.storeId(), s -> new long[] {NONE, NONE});
      if (state[0] != NONE && sentAt - state[0] > timeoutMs) {
        reveal(message.storeId(), state, revealed);
      }
      state[0] = Math.max(state[0], sentAt);
    }
    long clock = highWaterMs - thresholds.allowedLateness().toMillis();
    activity.forEach((storeId, state) -> {
      if (clock - state[0] > timeoutMs) {
        reveal(storeId, state, revealed);
      }
    });
    if (!revealed.isEmpty()) {
      replaceLast(messages.get(messages.size() - 1).expecting(revealed));
    }
  }

  private void reveal(String storeId, long[] state, List<ExpectedEvent> revealed) {
    if (state[1] != state[0]) {
      state[1] = state[0];
      revealed.add(ExpectedEvent.storeSilent(storeId, Instant.ofEpochMilli(state[0]), thresholds.silenceTimeout()));
    }
  }

  /** The layout must raise exactly the plan's events; anything else is a bug here, not a test's concern. */
  private void verify(Map<String, Integer> stops) {
    Map<EventType, Integer> counted = new EnumMap<>(EventType.class);
    List<String> silent = new ArrayList<>();
    for (SimulatedMessage message : messages) {
      for (ExpectedEvent event : message.expected()) {
        counted.merge(event.type(), 1, Integer::sum);
        if (event.type() == EventType.STORE_SILENT) {
          silent.add(event.storeId());
        }
      }
    }
    for (EventType type : EventType.values()) {
      if (counted.getOrDefault(type, 0) != faults.count(type)) {
        throw new IllegalStateException("the layout raises " + counted + " but the plan asks for " + faults);
      }
    }
    if (!new java.util.HashSet<>(silent).equals(stops.keySet())) {
      throw new IllegalStateException("silent stores " + silent + " are not the chosen " + stops.keySet());
    }
  }
}
