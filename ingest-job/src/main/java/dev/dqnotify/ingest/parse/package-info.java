/**
 * The contract parser: one raw Kafka record becomes a {@code ParsedRecord}, a message or MALFORMED
 * with its reason. Uses nothing else of dqnotify.
 */
package dev.dqnotify.ingest.parse;
