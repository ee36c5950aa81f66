/**
 * Writing DqEvents to the outbox topic: {@code DqEventFactory} (a situation as the sensor job's
 * DqEvent) and {@code OutboxWriter} (a batch's events through notify-spark's outbox format and
 * bounded-retry producer). May use {@code detect/}'s {@code Situation}, {@code reference/}, the
 * schemas and notify-spark's {@code outbox} package.
 */
package dev.dqnotify.ingest.emit;
