package dev.dqnotify.localstack.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventSearchTest {

  private static boolean matches(String search, SearchableEvent event) {
    return EventSearch.parse(search).matches(event);
  }

  private static SearchableEvent fromSource(String sourceTypeName, String... tags) {
    return SearchableEvent.of(
        TestEvents.event("t", "x", sourceTypeName, "db-1", "error", Instant.EPOCH, tags));
  }

  @Test
  void sourceSearchesTheEventsSourceNotATagNamedSource() {
    SearchableEvent taggedOnly = fromSource(null, "source:dqnotify");
    SearchableEvent fromIntegration = fromSource("dqnotify");

    assertThat(matches("source:dqnotify", taggedOnly)).isFalse();
    assertThat(matches("source:dqnotify", fromIntegration)).isTrue();
  }

  @Test
  void tagsSyntaxSearchesATagWhoseKeyIsReserved() {
    SearchableEvent taggedOnly = fromSource(null, "source:dqnotify", "status:late");

    assertThat(matches("tags:(\"source:dqnotify\")", taggedOnly)).isTrue();
    assertThat(matches("tags:\"source:dqnotify\"", taggedOnly)).isTrue();
    assertThat(matches("tags:(source:dqnotify)", taggedOnly)).isTrue();
    assertThat(matches("tags:(source:other OR status:late)", taggedOnly)).isTrue();
    assertThat(matches("tags:(\"source:other\")", taggedOnly)).isFalse();
  }

  @Test
  void otherReservedAttributesComeFromTheEventsOwnFields() {
    SearchableEvent event = fromSource("GitHub", "host:tagged", "status:tagged");

    assertThat(matches("host:db-1", event)).isTrue();
    assertThat(matches("host:tagged", event)).isFalse();
    assertThat(matches("status:error", event)).isTrue();
    assertThat(matches("status:tagged", event)).isFalse();
    assertThat(matches("source:github", event)).as("integration names are lower case").isTrue();
    assertThat(matches("service:tagged", fromSource(null, "service:tagged")))
        .as("a v1 event has no service attribute")
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource({"success,ok", "error,error", "warning,warning", "info,info", "user_update,info"})
  void statusIsDerivedFromTheAlertType(String alertType, String status) {
    SearchableEvent event =
        SearchableEvent.of(TestEvents.event("t", "x", null, null, alertType, Instant.EPOCH));

    assertThat(matches("status:" + status, event)).isTrue();
  }

  @Test
  void otherKeysSearchTagsExactly() {
    SearchableEvent event = TestEvents.searchable("team:team-a", "event_type:late_data");

    assertThat(matches("team:team-a", event)).isTrue();
    assertThat(matches("team:team", event)).as("a value matches whole").isFalse();
    assertThat(matches("team:team-a event_type:late_data", event)).isTrue();
    assertThat(matches("team:team-a event_type:store_silent", event)).isFalse();
  }

  @Test
  void tagsAreLowerCasedAsDatadogStoresThemSoAnUpperCaseSearchMatchesNothing() {
    SearchableEvent event = TestEvents.searchable("Team:Team-A");

    assertThat(matches("team:team-a", event)).isTrue();
    assertThat(matches("team:Team-A", event)).isFalse();
  }

  @Test
  void unicodeTagsMatchInLowerCase() {
    SearchableEvent event = TestEvents.searchable("store:Störe-東京");

    assertThat(matches("store:störe-東京", event)).isTrue();
  }

  @Test
  void orAndNotAndParenthesesCombineTerms() {
    SearchableEvent late = TestEvents.searchable("team:a", "event_type:late_data");

    assertThat(matches("team:a (event_type:late_data OR event_type:store_silent)", late)).isTrue();
    assertThat(matches("team:a AND event_type:store_silent", late)).isFalse();
    assertThat(matches("team:b OR event_type:late_data", late)).isTrue();
    assertThat(matches("team:a -event_type:late_data", late)).isFalse();
    assertThat(matches("team:a NOT event_type:late_data", late)).isFalse();
    assertThat(matches("NOT (team:b OR team:c)", late)).isTrue();
    assertThat(matches("-(team:a)", late)).isFalse();
    assertThat(matches("event_type:(late_data OR store_silent)", late)).isTrue();
    assertThat(matches("event_type:(store_silent OR null_rate)", late)).isFalse();
  }

  @Test
  void andBindsTighterThanOr() {
    SearchableEvent event = TestEvents.searchable("a:1");

    assertThat(matches("a:1 OR b:1 AND c:1", event)).isTrue();
    assertThat(matches("(a:1 OR b:1) AND c:1", event)).isFalse();
  }

  @Test
  void operatorsAreCaseSensitive() {
    SearchableEvent event = TestEvents.searchable("a:1");

    assertThat(matches("a:1 or b:1", event))
        .as("lower-case 'or' is a free-text word, which the text does not contain")
        .isFalse();
  }

  @Test
  void wildcardsMatchOutsideQuotesOnly() {
    SearchableEvent event = TestEvents.searchable("store:store-017", "literal:a*b");

    assertThat(matches("store:store-*", event)).isTrue();
    assertThat(matches("store:*-017", event)).isTrue();
    assertThat(matches("store:store-01?", event)).isTrue();
    assertThat(matches("store:store-0?", event)).isFalse();
    assertThat(matches("store:*", event)).isTrue();
    assertThat(matches("missing:*", event)).isFalse();
    assertThat(matches("literal:\"a*b\"", event)).isTrue();
    assertThat(matches("store:\"store-*\"", event)).isFalse();
  }

  @Test
  void escapedCharactersAreLiteral() {
    SearchableEvent event = TestEvents.searchable("path:a:b", "q:a*b");

    assertThat(matches("path:a\\:b", event)).isTrue();
    assertThat(matches("path:\"a:b\"", event)).isTrue();
    assertThat(matches("q:a\\*b", event)).isTrue();
    assertThat(matches("q:a\\*", event)).isFalse();
  }

  @Test
  void freeTextSearchesTitleAndTextWordsCaseInsensitively() {
    SearchableEvent event =
        SearchableEvent.of(
            TestEvents.event(
                "Null rate rose", "Column orders.customer_id is null", null, null, null,
                Instant.EPOCH));

    assertThat(matches("null", event)).isTrue();
    assertThat(matches("ROSE", event)).isTrue();
    assertThat(matches("ros", event)).as("a word matches whole").isFalse();
    assertThat(matches("ros*", event)).isTrue();
    assertThat(matches("\"rate rose\"", event)).isTrue();
    assertThat(matches("\"rose rate\"", event)).isFalse();
    assertThat(matches("message:null", event)).isTrue();
    assertThat(matches("message:rose", event)).as("message is the text only").isFalse();
  }

  @Test
  void attributeSearchesFindNothingOnV1Events() {
    SearchableEvent event = TestEvents.searchable("evt.name:foo");

    assertThat(matches("@evt.name:foo", event)).isFalse();
    assertThat(matches("-@evt.name:*", event)).isTrue();
  }

  @Test
  void fullTextSearchesAnyTagValueAndAttribute() {
    SearchableEvent event = fromSource("dqnotify", "team:team-a");

    assertThat(matches("*:team-a", event)).isTrue();
    assertThat(matches("*:dqnotify", event)).isTrue();
    assertThat(matches("*:team-b", event)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "*", "  "})
  void anEmptyOrStarSearchMatchesEveryEvent(String search) {
    assertThat(matches(search, TestEvents.searchable())).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "(team:a | '(' at position 0 is never closed",
        "team:a) | ')' at position 6 has no '('",
        "(a:1 OR (b:1) | never closed",
        "tags:(\"source:x\" | never closed",
        "team:\"a | quote at position 5 is never closed",
        "OR team:a | has no term before it",
        "team:a OR | ends after 'OR'",
        "team:a - | ",
        "team: | has a key but no value",
        ":a | without a key",
        "() | empty parentheses"
      })
  void refusesAMalformedSearchSayingWhere(String search, String reason) {
    if (reason == null || reason.isBlank()) {
      // a lone '-' followed by a space is a free-text word, as Datadog reads it
      assertThat(EventSearch.parse(search)).isNotNull();
      return;
    }
    assertThatThrownBy(() -> EventSearch.parse(search))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }
}
