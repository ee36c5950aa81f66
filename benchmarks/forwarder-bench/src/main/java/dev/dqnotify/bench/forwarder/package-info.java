/**
 * The forwarder's benchmarks: the JMH hot path over the real pipeline, delivery rate, catch-up and
 * dedupe memory against the Datadog simulator. May use the forwarder, local-stack and bench-support.
 */
package dev.dqnotify.bench.forwarder;
