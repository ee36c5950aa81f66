/**
 * A single-node Kafka 4 broker in its own JVM ({@code KafkaBroker}), with topic helpers. May use
 * {@code process/} and the recorded broker classpath of {@code local-stack-binaries}.
 */
package dev.dqnotify.localstack.kafka;
