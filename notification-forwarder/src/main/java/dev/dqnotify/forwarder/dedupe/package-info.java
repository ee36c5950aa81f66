/**
 * Dropping events already delivered within the horizon ({@code Deduplicator}, reporting through
 * {@code DedupeTelemetry}) and rebuilding that state from the outbox ({@code SeenIdsReader}). May use {@code decode/}, {@code consume/}'s range reader
 * and the schemas.
 */
package dev.dqnotify.forwarder.dedupe;
