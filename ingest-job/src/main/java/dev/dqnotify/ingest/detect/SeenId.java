package dev.dqnotify.ingest.detect;

/**
 * What the state store remembers of one message id: the {@code sent_at} of the copy that opened
 * its horizon and how many copies arrived since. {@link #next} is the whole DUPLICATE_MESSAGE rule.
 *
 * @param firstSentAtMs {@code sent_at} of the first copy within the current horizon
 * @param copies copies seen within it, the first included
 */
public record SeenId(long firstSentAtMs, int copies) {

  /**
   * The state after one more on-time copy sent at {@code sentAtMs}: a copy whose {@code sent_at} is
   * within {@code horizonMs} of the first copy's (either side) is copy number {@code copies + 1};
   * any other copy — or the first one ({@code seen} null) — opens a new horizon as copy 1. Decided on
   * the copies' own event times only, so it does not matter when or in which batch they were read.
   */
  public static SeenId next(SeenId seen, long sentAtMs, long horizonMs) {
    if (seen != null && Math.abs(sentAtMs - seen.firstSentAtMs) <= horizonMs) {
      return new SeenId(seen.firstSentAtMs, seen.copies + 1);
    }
    return new SeenId(sentAtMs, 1);
  }

  /** Whether the copy this state was made for repeats an earlier one. */
  public boolean duplicate() {
    return copies > 1;
  }
}
