package dev.dqnotify.forwarder.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SilenceTest {

  private static final Instant START = Instant.parse("2025-03-01T02:00:00Z");
  private static final Instant END = Instant.parse("2025-03-01T04:00:00Z");

  private static Map<String, String> silence(String name, String match) {
    Map<String, String> fields = new HashMap<>();
    fields.put(name + ".match", match);
    fields.put(name + ".start", START.toString());
    fields.put(name + ".end", END.toString());
    fields.put(name + ".comment", "maintenance");
    return fields;
  }

  private static Silence parse(String match) {
    return Silence.parseAll(silence("s", match)).get(0);
  }

  private static DqEvent event(String store, DqEventType type) {
    return DqEvent.newBuilder(TestEvents.event("ev-" + store, store)).setEventType(type).build();
  }

  @Test
  void parsesEveryFieldOfEverySilenceInNameOrder() {
    Map<String, String> fields = new HashMap<>(silence("b-second", "team=team-a"));
    fields.putAll(silence("a-first", "store=store-0042, event_type=LATE_DATA"));
    fields.remove("a-first.start");
    fields.put("a-first.end", "2025-03-01T05:00:00+01:00");

    List<Silence> silences = Silence.parseAll(fields);

    assertThat(silences).extracting(Silence::name).containsExactly("a-first", "b-second");
    Silence first = silences.get(0);
    assertThat(first.start()).isEmpty();
    assertThat(first.end()).isEqualTo(END);
    assertThat(first.comment()).isEqualTo("maintenance");
    assertThat(first.describeMatchers()).isEqualTo("store=store-0042, event_type=LATE_DATA");
    assertThat(silences.get(1).start()).contains(START);
  }

  @Test
  void matchesOnEqualityInequalityAndWholeValueRegexes() {
    DqEvent late42 = event("store-0042", DqEventType.LATE_DATA);
    DqEvent range42 = event("store-0042", DqEventType.OUT_OF_RANGE);
    DqEvent late43 = event("store-0043", DqEventType.LATE_DATA);

    Silence equality = parse("store=store-0042,event_type=LATE_DATA");
    Silence inequality = parse("store!=store-0042");
    Silence regex = parse("store=~store-004[23], event_type =~ late_data|OUT_OF_RANGE");
    Silence notRegex = parse("store!~store-00.2");
    Silence partial = parse("store=~store-00");

    assertThat(equality.matches(late42)).isTrue();
    assertThat(equality.matches(range42)).isFalse();
    assertThat(inequality.matches(late42)).isFalse();
    assertThat(inequality.matches(late43)).isTrue();
    assertThat(regex.matches(late42) && regex.matches(range42) && regex.matches(late43)).isTrue();
    assertThat(notRegex.matches(late42)).isFalse();
    assertThat(notRegex.matches(late43)).isTrue();
    assertThat(partial.matches(late42)).as("a regex must match the whole value").isFalse();
  }

  @Test
  void comparesEventTypeAndSeverityIgnoringCaseAndOtherLabelsExactly() {
    DqEvent event = event("store-0042", DqEventType.LATE_DATA);

    assertThat(parse("event_type=late_data, severity=warning").matches(event)).isTrue();
    assertThat(parse("store=STORE-0042").matches(event)).isFalse();
    assertThat(parse("store_id=store-0042, sensor_id=store-0042-climate-03").matches(event))
        .as("the group.by names store_id and sensor_id work too").isTrue();
  }

  @Test
  void anEventWithoutAStoreHasTheEmptyValueThere() {
    DqEvent noStore = DqEvent.newBuilder(TestEvents.minimal()).build();

    assertThat(parse("store=").matches(noStore)).isTrue();
    assertThat(parse("store!=store-0042").matches(noStore)).isTrue();
    assertThat(parse("store=~store-.*").matches(noStore)).isFalse();
  }

  @Test
  void aQuotedValueMayHoldCommasQuotesAndSpaces() {
    Silence silence = parse("job=\"ingest, \\\"nightly\\\"\", store=~\"store-00(42|43)\"");

    assertThat(silence.matchers()).extracting(Silence.Matcher::value)
        .containsExactly("ingest, \"nightly\"", "store-00(42|43)");
    assertThat(silence.matches(DqEvent.newBuilder(event("store-0043", DqEventType.LATE_DATA))
        .setJob("ingest, \"nightly\"").build())).isTrue();
  }

  @Test
  void isActiveFromItsStartUntilJustBeforeItsEnd() {
    Silence silence = parse("team=climate");
    DqEvent event = TestEvents.event("ev", "store-0001");

    assertThat(silence.silences(event, START.minusMillis(1))).isFalse();
    assertThat(silence.silences(event, START)).isTrue();
    assertThat(silence.silences(event, END.minusMillis(1))).isTrue();
    assertThat(silence.silences(event, END)).isFalse();
    Map<String, String> openStart = silence("s", "team=climate");
    openStart.remove("s.start");
    assertThat(Silence.parseAll(openStart).get(0).activeAt(Instant.EPOCH)).isTrue();
  }

  @Test
  void everyMistakeNamesItsKeyAndWhatIsValid() {
    assertMistake(silence("s", "colour=blue"), "silence.s.match", "unknown label 'colour'; expected one of team, env");
    assertMistake(silence("s", "store=~store-(42"), "silence.s.match", "invalid regular expression");
    assertMistake(silence("s", "store"), "silence.s.match", "is not a matcher; expected label=value");
    assertMistake(silence("s", "store=a,,team=b"), "silence.s.match", "has an empty matcher");
    assertMistake(silence("s", "store=\"open"), "silence.s.match", "unclosed double quote");
    Map<String, String> noEnd = silence("s", "team=a");
    noEnd.remove("s.end");
    assertMistake(noEnd, "silence.s.end", "is required");
    Map<String, String> noComment = silence("s", "team=a");
    noComment.put("s.comment", " ");
    assertMistake(noComment, "silence.s.comment", "is required (who set the silence and why)");
    Map<String, String> localTime = silence("s", "team=a");
    localTime.put("s.end", "2025-03-01T04:00:00");
    assertMistake(localTime, "silence.s.end", "expected ISO-8601 with an offset");
    Map<String, String> backwards = silence("s", "team=a");
    backwards.put("s.end", "2025-03-01T01:00:00Z");
    assertMistake(backwards, "silence.s.end", "is not after silence.s.start");
    Map<String, String> typo = silence("s", "team=a");
    typo.put("s.ends", "2025-03-01T05:00:00Z");
    assertMistake(typo, "silence.s.ends", "expected silence.s.match, .start, .end or .comment");
    assertMistake(Map.of("Bad Name.match", "team=a"), "silence.Bad Name.match", "is not a silence name");
    assertMistake(Map.of("nofield", "team=a"), "silence.nofield", "is not a silence field");
  }

  private static void assertMistake(Map<String, String> fields, String key, String message) {
    assertThatThrownBy(() -> Silence.parseAll(fields)).isInstanceOfSatisfying(InvalidSilenceException.class,
        e -> {
          assertThat(e.key()).isEqualTo(key);
          assertThat(e.getMessage()).contains(message);
        });
  }

  @Test
  void anEventIsSilencedAtATimeWhenSomeSilenceCoversIt() {
    List<Silence> silences = List.of(parse("store=store-0042"));
    DqEvent event = event("store-0042", DqEventType.LATE_DATA);

    assertThat(Silences.silencedAt(silences, event, START.plusSeconds(1))).isTrue();
    assertThat(Silences.silencedAt(silences, event, END)).isFalse();
    assertThat(Silences.silencedAt(List.of(), event, START)).isFalse();
    assertThat(Optional.of(silences.get(0)).map(Silence::name)).contains("s");
  }
}
