package dev.dqnotify.forwarder.dlq;

/**
 * A dead letter's place in the dead-letter topic.
 *
 * @param partition its partition
 * @param offset its offset
 */
record DeadLetterPosition(int partition, long offset) {

  /**
   * {@code partition:offset}, e.g. {@code 0:17}.
   *
   * @throws IllegalArgumentException saying what is valid
   */
  static DeadLetterPosition parse(String text) {
    String[] parts = text.trim().split(":");
    try {
      if (parts.length == 2) {
        DeadLetterPosition position = new DeadLetterPosition(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
        if (position.partition() >= 0 && position.offset() >= 0) {
          return position;
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("'" + text + "' is not a dead letter's partition:offset, e.g. 0:17 (see "
        + "dq-forwarder dlq list)");
  }

  @Override
  public String toString() {
    return partition + ":" + offset;
  }
}
