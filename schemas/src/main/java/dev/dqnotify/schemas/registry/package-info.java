/**
 * The Schema Registry REST client (Confluent API; Apicurio's compatible endpoint), its settings,
 * credentials and TLS, and an in-memory registry for unit tests. Uses the JDK, Jackson, Avro's
 * {@code Schema} and SLF4J.
 */
package dev.dqnotify.schemas.registry;
