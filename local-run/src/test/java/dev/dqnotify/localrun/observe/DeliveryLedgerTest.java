package dev.dqnotify.localrun.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.render.Tags;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void matchesTheNotificationTagEvenWhenTheForwarderHashedTheId() {
    String id = "Event ID With Spaces";
    assertThat(Tags.notificationIdTag(id)).as("an id sanitising would change carries its hash")
        .matches("notification_id:event_id_with_spaces-[0-9a-f]{8}");

    DeliveryLedger ledger = DeliveryLedger.of(List.of(event(1, "t", "no id here", Tags.notificationIdTag(id))),
        List.of(id));

    assertThat(ledger.delivered(id)).isTrue();
  }

  @Test
  void readsThePartFromTheTitle() {
    assertThat(DeliveryLedger.part("[WARNING] 40 DQ events (2/3)")).containsExactly(2, 3);
    assertThat(DeliveryLedger.part("[WARNING] sensor (temp) reading")).containsExactly(1, 1);
  }

  @Test
  void theSameDqEventInTwoNotificationsIsADuplicate() {
    String id = "0f0f0f0f-0000-0000-0000-00000000000a";
    DeliveryLedger ledger = DeliveryLedger.of(List.of(
        event(1, "digest", "(" + id + ")", "notification_id:a"),
        event(2, "digest", "(" + id + ")", "notification_id:b")), List.of(id));

    assertThat(ledger.duplicates()).isEqualTo(1);
    assertThat(ledger.firstDelivered()).containsEntry(id, T.plusSeconds(1));
  }

  @Test
  void aPaginatedNotificationCountsOnceAllItsPartsArrived() {
    DeliveryLedger partial = DeliveryLedger.of(List.of(event(1, "d (1/2)", "x", "notification_id:d")), List.of());
    DeliveryLedger whole = DeliveryLedger.of(List.of(event(1, "d (1/2)", "x", "notification_id:d"),
        event(2, "d (2/2)", "y", "notification_id:d")), List.of());

    assertThat(partial.firstPaginated()).isEmpty();
    assertThat(whole.firstPaginated()).hasValueSatisfying(n -> assertThat(n.pages()).hasSize(2));
    assertThat(whole.duplicates()).isZero();
  }

  private static ReceivedEvent event(long id, String title, String text, String tag) {
    return new ReceivedEvent(id, title, text, List.of("source:dqnotify", tag), "info", "low", null, T, null, null,
        T.plusSeconds(id), "{}");
  }
}
