package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one invariant every scenario checks: every injected DqEvent id reached the simulator at least
 * once, duplicates stayed within what the faults had in flight, and the dead-letter topic holds
 * exactly what had to be given up on — nothing that should have been delivered.
 */
final class Invariant {

  private Invariant() {}

  static void assertHolds(Figures figures) {
    assertThat(figures.lost()).as("%s: injected DqEvents that never reached Datadog", figures.scenario()).isZero();
    assertThat(figures.duplicates()).as("%s: duplicates (bound %d)", figures.scenario(), figures.duplicateBound())
        .isLessThanOrEqualTo((int) figures.duplicateBound());
    assertThat(figures.deadLettered()).as("%s: dead-lettered records", figures.scenario())
        .isEqualTo(figures.expectedDeadLetters());
  }
}
