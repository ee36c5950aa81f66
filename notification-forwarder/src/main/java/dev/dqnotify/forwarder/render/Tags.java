package dev.dqnotify.forwarder.render;

import dev.dqnotify.forwarder.filter.SilenceSummary;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SituationTypes;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Datadog tags, made the way Datadog's tagging rules (Getting started → Tagging) say: a tag starts
 * with a letter, holds letters (Unicode letters included) and digits, {@code _ - : . /}, is at most
 * {@value #MAX_LENGTH} characters long, is lowercase and never ends with {@code :}.
 *
 * <p>A value that is not a valid tag value as it is (upper case, spaces, other characters, a
 * trailing colon, too long) is sanitised and then gets {@code -} and {@value #HASH_LENGTH} hex digits
 * of a hash of the original value, so two distinct values never become one tag silently: {@code
 * Störe-東京} becomes {@code store:störe-東京-<hash>}, while {@code störe-東京} stays as it is.
 */
public final class Tags {

  /** Datadog's limit on a tag's length. */
  public static final int MAX_LENGTH = 200;

  /** Hex digits of the hash that marks a value sanitising changed. */
  static final int HASH_LENGTH = 8;

  private static final String NOTIFICATION_ID = "notification_id";

  /** By ASCII character: a-z, 0-9 and {@code _ - : . /}; other ASCII is not allowed. */
  private static final boolean[] ALLOWED = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      ALLOWED[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      ALLOWED[c] = true;
    }
    for (char c : "_-:./".toCharArray()) {
      ALLOWED[c] = true;
    }
  }

  // After ALLOWED, which making them needs.
  /** The tags of the enums, made once: the constant's name lowercased, which is its canonical form. */
  private static final Map<DqEventType, String> EVENT_TYPE_TAGS = enumTags("event_type", DqEventType.class);

  private static final Map<Severity, String> SEVERITY_TAGS = enumTags("severity", Severity.class);

  private Tags() {}

  /**
   * {@code key:value}: as it is when that is a valid tag; else with the value sanitised and marked
   * with a hash of it ({@code key:<sanitised>-<hash>}, or {@code key:<hash>} when nothing of the
   * value survives), cut so the whole tag stays within {@value #MAX_LENGTH} characters.
   *
   * @param key a lowercase tag key that starts with a letter (one of ours)
   */
  public static String tag(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    String plain = key + ":" + value;
    if (isValid(plain) || (!isAscii(plain) && sanitize(plain).equals(plain))) {
      return plain;
    }
    String hash = Keys.shortHash(value).substring(0, HASH_LENGTH);
    String sanitised = sanitizeChars(value, MAX_LENGTH - key.length() - 1 - hash.length() - 1);
    return sanitised.isEmpty() ? key + ":" + hash : key + ":" + sanitised + "-" + hash;
  }

  /** The tag of an event type, e.g. {@code event_type:late_data}. */
  public static String eventTypeTag(DqEventType type) {
    return EVENT_TYPE_TAGS.get(type);
  }

  /**
   * The tag of a type name: a built-in type's as {@link #eventTypeTag(DqEventType)}, a job-defined
   * one lower-cased ({@code PAYMENT_AMOUNT_NEGATIVE} → {@code event_type:payment_amount_negative}).
   */
  public static String eventTypeTag(String typeName) {
    if (SituationTypes.isBuiltIn(typeName)) {
      return eventTypeTag(DqEventType.valueOf(typeName.toUpperCase(Locale.ROOT)));
    }
    return tag("event_type", typeName.toLowerCase(Locale.ROOT));
  }

  /**
   * The tag of an entity label, {@code <key>:<value>}. A key that is one of dqnotify's own tag keys
   * or a Datadog reserved attribute ({@code team}, {@code source}, {@code host} …) is prefixed
   * {@code label_}, so a label never poses as another tag; other keys are sanitised like a tag.
   */
  public static String labelTag(String key, String value) {
    return tag(labelKey(key), value);
  }

  /** The tag key of label {@code key} (see {@link #labelTag}). */
  public static String labelKey(String key) {
    String sanitised = sanitize(key).replace(':', '_');
    if (sanitised.isEmpty() || OWN_KEYS.contains(sanitised)) {
      return "label_" + (sanitised.isEmpty() ? Keys.shortHash(key).substring(0, HASH_LENGTH) : sanitised);
    }
    return sanitised;
  }

  /** Tag keys a label must not take: ours, and Datadog's reserved attributes. */
  private static final Set<String> OWN_KEYS = Set.of("source", "notification_id", "team", "env", "job",
      "event_type", "severity", "store", "sensor", "event_date", "backfill", "silence", "host", "service",
      "status", "message", "tags");

  /** The tag of a severity, e.g. {@code severity:warning}. */
  public static String severityTag(Severity severity) {
    return SEVERITY_TAGS.get(severity);
  }

  /**
   * {@code raw} (a whole tag, e.g. an operator's extra tag) made to follow Datadog's tag rules as
   * Datadog itself would: lowercased, any character other than a letter, a digit or {@code _ - : .
   * /} replaced by {@code _}, leading characters removed up to the first letter, cut to {@value
   * #MAX_LENGTH}, trailing colons removed. Empty when nothing of {@code raw} survives.
   */
  public static String sanitize(String raw) {
    if (isValid(raw)) {
      return raw; // already a valid tag (nearly every tag): the rules below would keep it unchanged
    }
    int first = 0;
    String lower = normalize(raw);
    while (first < lower.length() && !Character.isLetter(lower.codePointAt(first))) {
      first += Character.charCount(lower.codePointAt(first));
    }
    return sanitizeChars(lower.substring(first), MAX_LENGTH);
  }

  /**
   * {@code s} in NFC (so a letter and its combining accent become the one letter Datadog keeps),
   * lowercased; plain ASCII (nearly every tag) is its own normal form, and normalising it is the
   * hot path's largest cost, so it is skipped.
   */
  private static String normalize(String s) {
    return (isAscii(s) ? s : Normalizer.normalize(s, Normalizer.Form.NFC)).toLowerCase(Locale.ROOT);
  }

  /**
   * {@code s} lowercased, each character that is not allowed replaced by {@code _} (one per code
   * point), cut to {@code max} characters without splitting a surrogate pair, trailing colons
   * removed.
   */
  private static String sanitizeChars(String s, int max) {
    String lower = normalize(s);
    StringBuilder out = new StringBuilder(Math.min(lower.length(), max));
    for (int i = 0; i < lower.length(); ) {
      int cp = lower.codePointAt(i);
      i += Character.charCount(cp);
      int kept = isAllowed(cp) ? cp : '_';
      if (out.length() + Character.charCount(kept) > max) {
        break;
      }
      out.appendCodePoint(kept);
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ':') {
      end--;
    }
    return out.substring(0, end);
  }

  /**
   * Whether {@code s} is plain ASCII that already follows the rules: starts with a-z, only allowed
   * characters, short enough, no trailing colon. The fast path; non-ASCII tags take the full rules.
   */
  private static boolean isValid(String s) {
    if (s.isEmpty()
        || s.length() > MAX_LENGTH
        || s.charAt(0) < 'a'
        || s.charAt(0) > 'z'
        || s.charAt(s.length() - 1) == ':') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= ALLOWED.length || !ALLOWED[c]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * The tag naming a notification, {@code notification_id:<id>}, made by {@link #tag}: an id
   * sanitising would change carries its hash, so the tag stays unique.
   */
  public static String notificationIdTag(String notificationId) {
    return tag(NOTIFICATION_ID, notificationId);
  }

  /**
   * Every tag of a notification's events, in a fixed order. A digest carries each distinct value,
   * so that searching for one store or sensor also finds the digests it appears in.
   */
  static List<String> forNotification(Notification notification, List<String> extraTags) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add("source:dqnotify");
    tags.add(notificationIdTag(notification.id()));
    List<DqEvent> events = notification.events();
    addDistinct(tags, events, "team", DqEvent::getTeam);
    addDistinct(tags, events, "env", DqEvent::getEnv);
    addDistinct(tags, events, "job", DqEvent::getJob);
    for (DqEvent event : events) {
      tags.add(eventTypeTag(SituationTypes.nameOf(event)));
    }
    for (DqEvent event : events) {
      tags.add(severityTag(event.getSeverity()));
    }
    addDistinct(tags, events, "store", DqEvent::getStoreId);
    addDistinct(tags, events, "sensor", DqEvent::getSensorId);
    for (DqEvent event : events) {
      event.getLabels().forEach((key, value) -> {
        if (value != null && !value.isBlank()) {
          tags.add(labelTag(key, value));
        }
      });
    }
    events.stream()
        .map(event -> eventDateTag(NotificationText.happenedAt(event)))
        .sorted()
        .forEach(tags::add);
    if (notification.backfill()) {
      tags.add("backfill:true");
    }
    for (String extra : extraTags) {
      tags.add(sanitize(extra));
    }
    tags.remove("");
    return List.copyOf(tags);
  }

  /**
   * {@code event_date:2025-03-01}: the UTC day the situation happened. The event itself is dated
   * when it is delivered (see {@code docs/monitors.md}); this tag keeps its own time searchable. A
   * day, not an instant: tags should not come from unbounded sources such as timestamps.
   */
  static String eventDateTag(Instant happened) {
    return "event_date:" + LocalDate.ofInstant(happened, ZoneOffset.UTC);
  }

  /** Tags of a silence summary: its id, {@code silence:<name>}, and the teams and envs it held back. */
  static List<String> forSilenceSummary(String id, SilenceSummary summary, List<String> extraTags) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add("source:dqnotify");
    tags.add(notificationIdTag(id));
    tags.add(tag("silence", summary.silence().name()));
    summary.teams().stream().sorted().forEach(team -> tags.add(tag("team", team)));
    summary.envs().stream().sorted().forEach(env -> tags.add(tag("env", env)));
    tags.add(eventDateTag(summary.silence().end()));
    extraTags.stream().map(Tags::sanitize).forEach(tags::add);
    tags.remove("");
    return List.copyOf(tags);
  }

  /** Adds {@code key:value} for each event's non-blank value, in event order; the set keeps each once. */
  private static void addDistinct(
      Set<String> tags, List<DqEvent> events, String key, Function<DqEvent, String> value) {
    String previous = null;
    for (DqEvent event : events) {
      String v = value.apply(event);
      if (v != null && !v.equals(previous) && !v.isBlank()) {
        tags.add(tag(key, v));
        previous = v;
      }
    }
  }

  private static <E extends Enum<E>> Map<E, String> enumTags(String key, Class<E> type) {
    Map<E, String> tags = new EnumMap<>(type);
    for (E constant : type.getEnumConstants()) {
      tags.put(constant, key + ":" + constant.name().toLowerCase(Locale.ROOT));
    }
    return tags;
  }

  /** ASCII by the table; beyond ASCII, letters and digits (Datadog's tags support Unicode). */
  private static boolean isAllowed(int cp) {
    return cp < ALLOWED.length ? ALLOWED[cp] : Character.isLetterOrDigit(cp);
  }
}
