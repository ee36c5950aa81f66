package dev.dqnotify.localstack.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void parsesShortNamesAndEventTypes() {
    FaultPlan plan = FaultPlan.parse("late=3, duplicate=2,MALFORMED_RECORD=7,out-of-range=4,unknown-store=1,silent=1,"
        + "insufficient=0");

    assertThat(plan.count(EventType.LATE_DATA)).isEqualTo(3);
    assertThat(plan.count(EventType.DUPLICATE_MESSAGE)).isEqualTo(2);
    assertThat(plan.count(EventType.MALFORMED_RECORD)).isEqualTo(7);
    assertThat(plan.count(EventType.OUT_OF_RANGE)).isEqualTo(4);
    assertThat(plan.count(EventType.INSUFFICIENT_DATA_POINTS)).isZero();
    assertThat(plan.total()).isEqualTo(18);
    assertThat(FaultPlan.parse(plan.toString())).isEqualTo(plan);
  }

  @Test
  void everyTypeOnceAsksForOneOfEach() {
    assertThat(FaultPlan.everyTypeOnce().counts()).containsOnlyKeys(EventType.values()).allSatisfy((t, n) ->
        assertThat(n).isEqualTo(1));
    assertThat(FaultPlan.none().total()).isZero();
    assertThat(FaultPlan.parse("")).isEqualTo(FaultPlan.none());
  }

  @Test
  void refusesUnknownNamesAndNegativeCountsNamingThePart() {
    assertThatThrownBy(() -> FaultPlan.parse("late=1,slow=2"))
        .hasMessageContaining("'slow=2'").hasMessageContaining("out-of-range");
    assertThatThrownBy(() -> FaultPlan.parse("late=-1")).hasMessageContaining("'late=-1'");
    assertThatThrownBy(() -> FaultPlan.parse("late")).hasMessageContaining("'late'");
  }
}
