package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.schemas.DqEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 1,000 records on the outbox that are not DqEvents, mixed with valid ones. */
@Order(3)
@ExtendWith(FaultStack.Extension.class)
class OutboxGarbageIT {

  private static final int GARBAGE = 1000;
  private static final int VALID = 300;

  @Test
  void everyGarbageRecordIsDeadLetteredWithItsReasonAndEveryValidEventIsDelivered(FaultStack suite) {
    Random random = new Random(FaultStack.SEED);
    try (Scenario scenario = Scenario.open(suite, "outbox-garbage")) {
      List<DqEvent> valid = SuiteEvents.events(random, VALID);
      Set<String> ids = new LinkedHashSet<>(SuiteEvents.ids(valid));
      List<byte[]> garbage = Garbage.outboxRecords(random, GARBAGE, scenario.codec(), valid);
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (int i = 0; i < GARBAGE; i++) {
        records.add(new ProducerRecord<>(scenario.outboxTopic(), ("garbage-" + i).getBytes(StandardCharsets.UTF_8),
            garbage.get(i)));
      }
      for (DqEvent event : valid) {
        records.add(new ProducerRecord<>(scenario.outboxTopic(), event.getEventId().getBytes(StandardCharsets.UTF_8),
            scenario.codec().encode(event)));
      }
      Collections.shuffle(records, random);
      List<RecordMetadata> written = scenario.produce(records);
      Set<String> garbageOrigins = new LinkedHashSet<>();
      for (int i = 0; i < records.size(); i++) {
        if (new String(records.get(i).key(), StandardCharsets.UTF_8).startsWith("garbage-")) {
          garbageOrigins.add(written.get(i).partition() + "@" + written.get(i).offset());
        }
      }

      scenario.startForwarder();
      scenario.awaitAllDelivered(ids);
      org.awaitility.Awaitility.await("every garbage record dead-lettered").atMost(Scenario.DELIVERY_DEADLINE)
          .until(() -> scenario.deadLetters().size() >= GARBAGE);

      List<Scenario.DeadLetter> letters = scenario.deadLetters();
      assertThat(letters).extracting(Scenario.DeadLetter::origin).as("dead letters are exactly the garbage")
          .containsExactlyInAnyOrderElementsOf(garbageOrigins);
      assertThat(letters).as("each dead letter says why").allSatisfy(letter -> {
        assertThat(letter.headers().get("dqnotify.errors.stage")).isNotBlank();
        assertThat(letter.headers().get("dqnotify.errors.exception.class")).isNotBlank();
        assertThat(letter.headers().get("dqnotify.errors.exception.message")).isNotBlank();
      });
      Invariant.assertHolds(scenario.record("1,000 garbage records among 300 DqEvents on the outbox", ids, 0,
          GARBAGE));
    }
  }
}
