package dev.dqnotify.forwarder.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import org.junit.jupiter.api.Test;

class TagsTest {

  private static final String HASH = "[0-9a-f]{" + Tags.HASH_LENGTH + "}";

  @Test
  void keepsAValueThatIsAlreadyAValidTagValueAsItIs() {
    assertThat(Tags.tag("store", "store-0042")).isEqualTo("store:store-0042");
    assertThat(Tags.tag("path", "/a.b-c_d:e")).isEqualTo("path:/a.b-c_d:e");
  }

  @Test
  void keepsUnicodeLettersAsDatadogDoes() {
    assertThat(Tags.tag("store", "störe-東京")).isEqualTo("store:störe-東京");
  }

  @Test
  void lowercasesUnicodeLettersAndMarksTheChangedValueWithItsHash() {
    String tag = Tags.tag("store", "Störe-東京");

    assertThat(tag).matches("store:störe-東京-" + HASH);
    assertThat(tag).isNotEqualTo(Tags.tag("store", "störe-東京"));
  }

  @Test
  void composesALetterWrittenWithACombiningAccentIntoOneLetter() {
    assertThat(Tags.sanitize("cafe\u0301")).isEqualTo("café");
  }

  @Test
  void replacesDisallowedCharactersWithUnderscoresAndHashesTheValue() {
    assertThat(Tags.tag("team", "Climate Ops!")).matches("team:climate_ops_-" + HASH);
    assertThat(Tags.tag("sensor", "s\uD83D\uDE00x")).matches("sensor:s_x-" + HASH);
  }

  @Test
  void distinctValuesThatSanitiseAlikeGetDistinctTags() {
    assertThat(Tags.tag("store", "a b")).isNotEqualTo(Tags.tag("store", "a!b"));
    assertThat(Tags.tag("store", "A")).isNotEqualTo(Tags.tag("store", "a"));
  }

  @Test
  void aValueOfOnlyColonsBecomesItsHashAndNeverEndsInAColon() {
    String tag = Tags.tag("store", ":::");

    assertThat(tag).matches("store:" + HASH).doesNotEndWith(":");
    assertThat(Tags.tag("store", "a:")).matches("store:a-" + HASH);
  }

  @Test
  void aSanitisedTagNeverEndsInAColon() {
    assertThat(Tags.sanitize("Env:")).isEqualTo("env");
    assertThat(Tags.sanitize("env:prod:::")).isEqualTo("env:prod");
  }

  @Test
  void cutsLongValuesToTwoHundredCharactersAndKeepsThemDistinct() {
    String a = Tags.tag("k", "v".repeat(500) + "a");
    String b = Tags.tag("k", "v".repeat(500) + "b");

    assertThat(a).hasSize(Tags.MAX_LENGTH).startsWith("k:vvv").matches(".*-" + HASH);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void cutsALongUnicodeValueWithoutSplittingACharacter() {
    String tag = Tags.tag("k", "東".repeat(100) + "\uD840\uDC00".repeat(100));

    assertThat(tag.length()).isLessThanOrEqualTo(Tags.MAX_LENGTH);
    assertThat(tag).matches("k:東{100}(\uD840\uDC00)+-" + HASH);
  }

  @Test
  void dropsLeadingCharactersUntilALetter() {
    assertThat(Tags.sanitize("42-_:Store")).isEqualTo("store");
    assertThat(Tags.sanitize("4242")).isEmpty();
    assertThat(Tags.sanitize("9東京")).isEqualTo("東京");
  }

  @Test
  void tagsEnumsByTheirLowercaseNameWithoutAHash() {
    assertThat(Tags.eventTypeTag(DqEventType.LATE_DATA)).isEqualTo("event_type:late_data");
    assertThat(Tags.severityTag(Severity.ERROR)).isEqualTo("severity:error");
  }

  @Test
  void keepsANotificationIdThatIsAlreadyAValidTag() {
    assertThat(Tags.notificationIdTag("ev-0f1e2d3c4b5a"))
        .isEqualTo("notification_id:ev-0f1e2d3c4b5a");
  }

  @Test
  void hashesANotificationIdThatSanitisingWouldChange() {
    String upper = Tags.notificationIdTag("EV-1");
    String lower = Tags.notificationIdTag("ev-1");

    assertThat(upper).matches("notification_id:ev-1-" + HASH);
    assertThat(upper).isNotEqualTo(lower);
  }
}
