package dev.dqnotify.forwarder.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagsTest {

  @Test
  void lowercasesAndReplacesDisallowedCharactersWithUnderscores() {
    assertThat(Tags.tag("team", "Climate Ops!")).isEqualTo("team:climate_ops_");
    assertThat(Tags.sanitize("Path:/a.b-c_d")).isEqualTo("path:/a.b-c_d");
  }

  @Test
  void dropsAccentsInsteadOfReplacingTheLetter() {
    assertThat(Tags.tag("store", "Café Zürich")).isEqualTo("store:cafe_zurich");
  }

  @Test
  void dropsLeadingCharactersUntilALetter() {
    assertThat(Tags.sanitize("42-_:Store")).isEqualTo("store");
    assertThat(Tags.sanitize("4242")).isEmpty();
  }

  @Test
  void cutsTagsToTwoHundredCharacters() {
    assertThat(Tags.tag("k", "v".repeat(500))).hasSize(200).startsWith("k:vvv");
  }

  @Test
  void replacesAnEmojiWithOneUnderscore() {
    assertThat(Tags.tag("sensor", "s\uD83D\uDE00x")).isEqualTo("sensor:s_x");
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

    assertThat(upper).matches("notification_id:[0-9a-f]{32}");
    assertThat(upper).isNotEqualTo(lower);
  }
}
