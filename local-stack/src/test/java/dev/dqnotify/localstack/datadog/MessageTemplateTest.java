package dev.dqnotify.localstack.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTemplateTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final EventMonitorQuery QUERY =
      EventMonitorQuery.parse(
          "events(\"team:a\").rollup(\"count\").by(\"notification_id\").last(\"5m\") > 0");

  /** The message our forwarder's RouteMonitors writes, in Datadog's template language. */
  private static final String ROUTE_MESSAGE =
      """
      {{!-- Managed by dqnotify (route team-a): edit the routes file and run `dq-forwarder monitors apply`; changes made here are overwritten. --}}
      {{#is_alert}}
      **{{event.title}}**

      {{{event.text}}}

      Tags: {{event.tags}}

      @teams-data-quality @slack-acme-dq
      {{/is_alert}}""";

  private static final SearchableEvent EVENT =
      SearchableEvent.of(
          TestEvents.event(
              "Late data <store-017>",
              "**Late** by 12 min & more",
              null,
              "db-1",
              "warning",
              NOW,
              "team:a",
              "notification_id:n-1",
              "env:prod",
              "env:dev"));

  private static MessageTemplate.Context context(Notification.Transition transition) {
    return new MessageTemplate.Context(
        transition,
        2L,
        EVENT,
        Map.of("notification_id", "n-1"),
        BigDecimal.valueOf(3),
        QUERY,
        NOW.minusSeconds(60),
        NOW,
        NOW);
  }

  private static String render(String template, Notification.Transition transition) {
    return MessageTemplate.parse(template).render(context(transition));
  }

  @Test
  void rendersTheRouteMonitorMessageForAnAlertWithoutItsComment() {
    String message = render(ROUTE_MESSAGE, Notification.Transition.ALERT);

    assertThat(message)
        .isEqualTo(
            """
            **Late data &lt;store-017&gt;**

            **Late** by 12 min & more

            Tags: team:a,notification_id:n-1,env:prod,env:dev

            @teams-data-quality @slack-acme-dq""");
    assertThat(MessageTemplate.handles(message))
        .containsExactly("@teams-data-quality", "@slack-acme-dq");
  }

  @Test
  void rendersNothingOfAnIsAlertBlockForARecovery() {
    String message = render(ROUTE_MESSAGE, Notification.Transition.RECOVERY);

    assertThat(message).isEmpty();
    assertThat(MessageTemplate.handles(message)).isEmpty();
  }

  @Test
  void doubleBracesEscapeHtmlAndTripleBracesDoNot() {
    assertThat(render("{{event.text}}", Notification.Transition.ALERT))
        .isEqualTo("**Late** by 12 min &amp; more");
    assertThat(render("{{{event.text}}}", Notification.Transition.ALERT))
        .isEqualTo("**Late** by 12 min & more");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{{event.tags.team}} | a",
        "{{ event.tags.env }} | dev,prod",
        "{{event.tags.[notification_id]}} | n-1",
        "{{event.tags.missing}} | ''",
        "{{event.host.name}} | db-1",
        "{{notification_id.name}} | n-1",
        "{{[notification_id].name}} | n-1",
        "{{value}} {{{comparator}}} {{threshold}} | 3 > 0",
        "{{comparator}} | &gt;",
        "{{last_triggered_at}} | 2025-03-01 12:00:00 UTC",
        "{{first_triggered_at_epoch}} | 1740830340000",
        "{{triggered_duration_sec}} | 60",
        "{{no_such_variable}}x | x",
      })
  void rendersDatadogsVariables(String template, String expected) {
    assertThat(render(template, Notification.Transition.ALERT)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ALERT | {{#is_alert}}A{{/is_alert}}{{^is_alert}}B{{/is_alert}} | A",
        "RECOVERY | {{#is_alert}}A{{/is_alert}}{{^is_alert}}B{{/is_alert}} | B",
        "RECOVERY | {{#is_recovery}}R @teams-x{{/is_recovery}} | R @teams-x",
        "RECOVERY | {{#is_alert_recovery}}R{{/is_alert_recovery}} | R",
        "RENOTIFY | {{#is_renotify}}again{{else}}first{{/is_renotify}} | again",
        "ALERT | {{#is_renotify}}again{{else}}first{{/is_renotify}} | first",
        "RENOTIFY | {{#is_alert}}still{{/is_alert}} | still",
        "ALERT | {{#is_warning}}W{{/is_warning}}{{#is_no_data}}N{{/is_no_data}}. | .",
        "ALERT | {{#is_match \"env.name\" \"pro\"}}M{{/is_match}} | ''",
        "ALERT | {{#is_match \"team\" \"b\" \"a\"}}M{{/is_match}} | ''",
        "ALERT | {{#is_match \"notification_id\" \"n-\"}}M{{/is_match}} | M",
        "ALERT | {{^is_match \"notification_id.name\" \"zzz\"}}M{{/is_match}} | M",
        "ALERT | {{#is_exact_match \"notification_id.name\" \"n-1\"}}E{{/is_exact_match}} | E",
        "ALERT | {{#is_priority 'P2'}}P{{/is_priority}}{{#is_priority 'P1'}}Q{{/is_priority}} | P",
        "ALERT | a{{! short comment }}b | ab",
      })
  void showsConditionalBlocksByTransitionAndByTheGroupsFacets(
      Notification.Transition transition, String template, String expected) {
    assertThat(render(template, transition)).isEqualTo(expected);
  }

  @Test
  void aBlockTagAloneOnItsLineTakesTheLineWithIt() {
    String template = "first\n  {{#is_alert}}\nalert\n{{/is_alert}}\nlast";

    assertThat(render(template, Notification.Transition.ALERT)).isEqualTo("first\nalert\nlast");
    assertThat(render(template, Notification.Transition.RECOVERY)).isEqualTo("first\nlast");
  }

  @Test
  void rendersEventVariablesEmptyWhenTheGroupHasNoEvent() {
    MessageTemplate.Context noEvent =
        new MessageTemplate.Context(
            Notification.Transition.RECOVERY, null, null, Map.of(), BigDecimal.ZERO, QUERY,
            NOW, NOW, NOW);

    assertThat(MessageTemplate.parse("[{{event.title}}]{{value}}").render(noEvent))
        .isEqualTo("[]0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{{#is_alert}}never closed | {{#is_alert}} is never closed",
        "{{#is_alert}}x{{/is_recovery}} | does not close the open block {{#is_alert}}",
        "x{{/is_alert}} | does not close the open block (there is none)",
        "{{else}} | outside a block",
        "{{event.title | has no closing '}}'",
        "{{!-- never closed | comment at position 0 is never closed",
        "{{#is_alert}}a{{else}}b{{else}}c{{/is_alert}} | has two {{else}}",
      })
  void refusesAMalformedTemplateSayingWhatIsWrong(String template, String reason) {
    assertThatThrownBy(() -> MessageTemplate.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void findsEachSupportedHandleOnceAndIgnoresOthers() {
    assertThat(
            MessageTemplate.handles(
                "Hi @teams-dq-team, @slack-acme-alerts. @opsgenie-dq and @teams-dq-team again;"
                    + " not @pagerduty-x, not mail@teams-x.com, not @webhook-y"))
        .containsExactly("@teams-dq-team", "@slack-acme-alerts", "@opsgenie-dq");
  }
}
