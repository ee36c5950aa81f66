package dev.dqnotify.notify;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SituationTest {

  @Test
  void acceptsAnUpperSnakeCaseTypeAndDefaultsToWarningWithTheLabelsInTheSummary() {
    Situation s = Situation.named("ORDER_WITHOUT_CUSTOMER").labels("order_id").build();

    assertThat(s.type()).isEqualTo("ORDER_WITHOUT_CUSTOMER");
    assertThat(s.severity()).isEqualTo("WARNING");
    assertThat(s.summaryTemplate()).isEqualTo("ORDER_WITHOUT_CUSTOMER order_id={order_id}");
    assertThat(s.condition()).isEmpty();
  }

  @Test
  void refusesATypeNameThatIsNotUpperSnakeCase() {
    assertThatThrownBy(() -> Situation.named("payment-negative"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upper snake case");
    assertThatThrownBy(() -> Situation.named(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesABuiltInEventTypeAsAJobsOwnName() {
    assertThatThrownBy(() -> Situation.named("LATE_DATA"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built-in");
    assertThatThrownBy(() -> Situation.named("JOB_DEFINED")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnUnknownSeverityNamingTheValidOnes() {
    assertThatThrownBy(() -> Situation.named("X").severity("CRITICAL"))
        .hasMessageContaining("'CRITICAL'").hasMessageContaining("INFO, WARNING, ERROR");
    assertThat(Situation.named("X").severity("error").when(col("a").lt(0)).build().severity()).isEqualTo("ERROR");
  }

  @Test
  void refusesLabelKeysThatAreNotLowerSnakeCaseAndLabelsDeclaredTwice() {
    assertThatThrownBy(() -> Situation.named("X").labels("OrderId"))
        .hasMessageContaining("label key 'OrderId'").hasMessageContaining("label(key, column)");
    assertThat(Situation.named("X").label("order_id", "OrderId").build().labelColumns())
        .containsEntry("order_id", "OrderId");
    assertThatThrownBy(() -> Situation.named("X").labels("a", "a")).hasMessageContaining("twice");
  }

  @Test
  void refusesASummaryTemplateWithAnUnclosedBrace() {
    assertThatThrownBy(() -> Situation.named("X").summary("order {order_id has no end"))
        .hasMessageContaining("opens no {column}");
  }
}
