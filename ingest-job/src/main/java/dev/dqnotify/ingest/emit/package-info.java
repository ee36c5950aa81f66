/**
 * Writing DqEvents to the outbox topic ({@code OutboxWriter}, with its outage retries). May use
 * {@code detect/}'s {@code Situation}, {@code reference/} and the schemas (codec, registry).
 */
package dev.dqnotify.ingest.emit;
