package dev.dqnotify.forwarder.dlq;

import dev.dqnotify.forwarder.ForwarderMain;
import dev.dqnotify.forwarder.OperationCommand;
import dev.dqnotify.forwarder.testing.CommandRun;
import dev.dqnotify.forwarder.testing.ForwarderHarness;
import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import static dev.dqnotify.forwarder.testing.ForwarderHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code dq-forwarder dlq list|show|redrive} on dead letters the live forwarder wrote. */
class DeadLetterToolsIT extends ForwarderScenario {

  DeadLetterToolsIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 2);
  }

  private CommandRun dlq(Supplier<OperationCommand> command, String... args) {
    return CommandRun.of(command.get().using(new MutableClock(Instant.now()), ForwarderHarness.environment()),
        harness.settings(), args);
  }

  private static String position(ConsumerRecord<byte[], byte[]> letter) {
    return letter.partition() + ":" + letter.offset();
  }

  @Test
  void aRejectedEventRedrivenAfterTheFaultIsClearedIsDeliveredOnceHoweverOftenTheRedriveRuns() {
    harness.start(Map.of());
    harness.produce(List.of(TestEvents.event("warm-up", "store-0001")));
    harness.awaitDelivered(List.of("warm-up"));
    datadog.faults().statusForNext(400, 1);
    harness.produce(List.of(TestEvents.event("rejected", "store-0400")));
    await().atMost(PATIENCE).until(() -> harness.deadLetters().size() == 1);
    harness.produceRaw("store-0009", "{\"this\":\"is json, not avro\"}".getBytes(StandardCharsets.UTF_8));
    await().atMost(PATIENCE).until(() -> harness.deadLetters().size() == 2);
    harness.awaitEverythingCommitted();
    Map<TopicPartition, Long> committed = harness.committedOffsets();
    List<ConsumerRecord<byte[], byte[]>> letters = harness.deadLetters();
    ConsumerRecord<byte[], byte[]> rejected = letters.stream()
        .filter(l -> ForwarderHarness.headers(l).get("dqnotify.errors.stage").equals("deliver")).findFirst()
        .orElseThrow();
    ConsumerRecord<byte[], byte[]> garbage = letters.stream()
        .filter(l -> ForwarderHarness.headers(l).get("dqnotify.errors.stage").equals("decode")).findFirst()
        .orElseThrow();

    CommandRun list = dlq(DeadLetterCommand.ListCommand::new);

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains("2 dead letter(s)")
        .containsPattern(position(rejected) + " .* deliver +400 +no +Datadog rejected the event with HTTP 400")
        .containsPattern(position(garbage) + " .* decode +- +no +cannot decode: \\S")
        .doesNotContain("Exception").doesNotContain("dev.dqnotify.");

    CommandRun showRejected = dlq(DeadLetterCommand.ShowCommand::new, position(rejected));
    CommandRun showGarbage = dlq(DeadLetterCommand.ShowCommand::new, position(garbage));

    assertThat(showRejected.out()).contains("dqnotify.errors.http.status = 400").contains("value: a DqEvent")
        .contains("\"event_id\": \"rejected\"");
    assertThat(showGarbage.out()).contains("not decodable").contains("hex:").contains("7b 22 74 68")
        .contains("{\"this\":\"is json, not avro\"}");

    CommandRun dryRun = dlq(DeadLetterCommand.RedriveCommand::new, "--all", "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).containsPattern("would be posted +1").containsPattern("undecodable +1");
    assertThat(harness.deliveredCounts()).doesNotContainKey("rejected");

    CommandRun first = dlq(DeadLetterCommand.RedriveCommand::new, "--all");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).containsPattern("posted +1").containsPattern("undecodable +1")
        .contains("1 dead letter(s) failed again");
    assertThat(harness.deliveredCounts()).containsEntry("rejected", 1);

    CommandRun second = dlq(DeadLetterCommand.RedriveCommand::new, "--all");
    CommandRun named = dlq(DeadLetterCommand.RedriveCommand::new, position(rejected));

    assertThat(second.out()).as(second.toString()).containsPattern("posted +0")
        .containsPattern("skipped, redriven before +1").containsPattern("undecodable +1");
    assertThat(named.out()).as(named.toString()).containsPattern("posted +0")
        .containsPattern("skipped, redriven before +1");
    assertThat(harness.deliveredCounts()).containsEntry("rejected", 1);
    assertThat(dlq(DeadLetterCommand.ListCommand::new).out())
        .containsPattern(position(rejected) + " .* 400 +yes ").containsPattern(position(garbage) + " .* - +no ");
    assertThat(harness.deadLetters()).as("a redrive writes no dead letters").hasSize(2);
    assertThat(harness.committedOffsets()).as("the live group's offsets").isEqualTo(committed);

    CommandRun forced = dlq(DeadLetterCommand.RedriveCommand::new, position(rejected), "--force");

    assertThat(forced.out()).as(forced.toString()).containsPattern("posted +1");
    assertThat(harness.deliveredCounts()).containsEntry("rejected", 2);
  }

  @Test
  void redriveRefusesPositionsThatHoldNoDeadLetter() {
    CommandRun run = dlq(DeadLetterCommand.RedriveCommand::new, "0:99");
    CommandRun neither = dlq(DeadLetterCommand.RedriveCommand::new);

    assertThat(run.exitCode()).isEqualTo(ForwarderMain.CONFIG_ERROR);
    assertThat(run.err()).contains("there is no dead letter at 0:99");
    assertThat(neither.exitCode()).isEqualTo(ForwarderMain.CONFIG_ERROR);
    assertThat(neither.err()).contains("--all");
  }
}
