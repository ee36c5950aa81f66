package dev.dqnotify.forwarder.render;

import dev.dqnotify.forwarder.filter.SilenceSummary;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.text.Normalizer;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Datadog tags: {@code key:value} strings that start with a letter, hold only lowercase letters,
 * digits and {@code _ - : . /}, and are at most {@value #MAX_LENGTH} characters long.
 */
public final class Tags {

  /** Datadog's limit on a tag's length. */
  public static final int MAX_LENGTH = 200;

  private static final String NOTIFICATION_ID = "notification_id";

  /** By character: a-z, 0-9 and {@code _ - : . /}. */
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
  /** The tags of the enums, made once: sanitising lowercases every one of them. */
  private static final Map<DqEventType, String> EVENT_TYPE_TAGS = enumTags("event_type", DqEventType.class);

  private static final Map<Severity, String> SEVERITY_TAGS = enumTags("severity", Severity.class);

  private Tags() {}

  /** {@code key:value}, sanitised. */
  public static String tag(String key, String value) {
    return sanitize(
        Objects.requireNonNull(key, "key") + ":" + Objects.requireNonNull(value, "value"));
  }

  /**
   * {@code raw} made to follow Datadog's tag rules as Datadog itself would: lowercased, accents
   * dropped ({@code é} → {@code e}), any other disallowed character replaced by {@code _}, leading
   * characters removed up to the first letter, cut to {@value #MAX_LENGTH}. Empty when nothing of
   * {@code raw} survives.
   */
  public static String sanitize(String raw) {
    if (isValid(raw)) {
      return raw; // already a valid tag (nearly every tag): the rules below would keep it unchanged
    }
    // NFKD first so that accented and compatibility characters decompose into ASCII plus marks;
    // plain ASCII (nearly every tag) is its own decomposition, and normalising it is the hot
    // path's largest cost, so it is skipped.
    String decomposed = (isAscii(raw) ? raw : Normalizer.normalize(raw, Normalizer.Form.NFKD))
        .toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(Math.min(decomposed.length(), MAX_LENGTH));
    for (int i = 0; i < decomposed.length() && out.length() < MAX_LENGTH; ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      if (isMark(cp) || (out.length() == 0 && !(cp >= 'a' && cp <= 'z'))) {
        continue;
      }
      out.append(isAllowed(cp) ? (char) cp : '_');
    }
    return out.toString();
  }

  /** Whether {@code s} already follows the rules: starts with a-z, only allowed characters, short enough. */
  private static boolean isValid(String s) {
    if (s.isEmpty() || s.length() > MAX_LENGTH || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!isAllowed(s.charAt(i))) {
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
   * The tag naming a notification, {@code notification_id:<id>}. When sanitising would change the
   * id (and so might make two ids one), a hash of the id stands in for it, so the tag stays unique.
   */
  public static String notificationIdTag(String notificationId) {
    String plain = NOTIFICATION_ID + ":" + notificationId;
    return sanitize(plain).equals(plain)
        ? plain
        : NOTIFICATION_ID + ":" + Keys.shortHash(notificationId);
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
      tags.add(EVENT_TYPE_TAGS.get(event.getEventType()));
    }
    for (DqEvent event : events) {
      tags.add(SEVERITY_TAGS.get(event.getSeverity()));
    }
    addDistinct(tags, events, "store", DqEvent::getStoreId);
    addDistinct(tags, events, "sensor", DqEvent::getSensorId);
    if (notification.backfill()) {
      tags.add("backfill:true");
    }
    for (String extra : extraTags) {
      tags.add(sanitize(extra));
    }
    tags.remove("");
    return List.copyOf(tags);
  }

  /** Tags of a silence summary: its id, {@code silence:<name>}, and the teams and envs it held back. */
  static List<String> forSilenceSummary(String id, SilenceSummary summary, List<String> extraTags) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add("source:dqnotify");
    tags.add(notificationIdTag(id));
    tags.add(tag("silence", summary.silence().name()));
    summary.teams().stream().sorted().forEach(team -> tags.add(tag("team", team)));
    summary.envs().stream().sorted().forEach(env -> tags.add(tag("env", env)));
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
      tags.put(constant, tag(key, constant.name()));
    }
    return tags;
  }

  private static boolean isAllowed(int cp) {
    return cp < ALLOWED.length && ALLOWED[cp];
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
