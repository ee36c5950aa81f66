/**
 * The library any Spark job uses to report its own situations: {@code Situation} (what to detect),
 * {@code DqNotifier} (to DqEvents and the outbox). May use Spark (provided), the schemas and {@code outbox}.
 */
package dev.dqnotify.notify;
