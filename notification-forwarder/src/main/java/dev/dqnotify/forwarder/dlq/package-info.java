/**
 * Dead letters: their format ({@code DeadLetterFormat}), writing ({@code DeadLetterPublisher}), reading
 * ({@code DeadLetterReader}, {@code DeadLetterEntry}), the redrive ledger and {@code dq-forwarder dlq}'s commands.
 * May use {@code pipeline/} (to redrive), the stage packages and the root's assembly.
 */
package dev.dqnotify.forwarder.dlq;
