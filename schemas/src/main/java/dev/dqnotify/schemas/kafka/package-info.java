/**
 * Kafka serializer and deserializer of DqEvents for other teams' clients, configured with
 * Confluent's property names. May use {@code codec} and {@code registry}.
 */
package dev.dqnotify.schemas.kafka;
