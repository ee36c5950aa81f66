/**
 * The outbox, for every writer of DqEvents: {@code OutboxFormat} (the schema registered under
 * {@code <topic>-value} with BACKWARD, the Confluent-framed value, the key rule) and {@code
 * OutboxProducer} (an idempotent producer that rides out a broker outage up to a bound, then throws
 * {@code OutboxUnavailableException}). Uses the schemas module and kafka-clients; no Spark.
 */
package dev.dqnotify.notify.outbox;
