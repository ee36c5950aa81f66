/**
 * {@code dq-forwarder replay}: re-post a window of the outbox without touching the live group
 * ({@code Replay}, {@code ReplayCommand}). May use {@code pipeline/}, the stage packages, {@code dlq/}'s reader and the root's assembly.
 */
package dev.dqnotify.forwarder.replay;
