/**
 * Reading the outbox: {@code OutboxConsumer} in the consumer group, {@code BoundedConsumer} over fixed
 * offset ranges, {@code RangeReader} (the one loop that reads offset ranges, {@code BoundedConsumer}'s too)
 * and {@code OffsetTracker}, which commits only past terminal records. May use {@code telemetry/}.
 */
package dev.dqnotify.forwarder.consume;
