/**
 * Reading the raw topic: the Kafka source ({@code KafkaSource}) and the ranges Kafka deleted before they
 * were read ({@code RetentionGaps}). May use {@code parse/} and the job's configuration in the root.
 */
package dev.dqnotify.ingest.source;
