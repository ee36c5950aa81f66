/**
 * The stages as one chain ({@code NotificationPipeline}: decode, filter, dedupe, group, render, deliver,
 * dead-letter) and {@code RunReport}, the outcome counts of a one-shot run. May use the stage packages,
 * {@code dlq/}'s sink contract ({@code DeadLetter}, {@code DeadLetterSink}) and the root's {@code ForwarderConfig}.
 */
package dev.dqnotify.forwarder.pipeline;
