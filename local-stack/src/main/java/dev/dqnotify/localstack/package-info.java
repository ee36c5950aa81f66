/**
 * The local stack as one object ({@code LocalStack}): a Kafka broker, a schema registry and the Datadog
 * simulator, started together for tests and local runs. May use {@code kafka/}, {@code registry/} and {@code datadog/}.
 */
package dev.dqnotify.localstack;
