package dev.dqnotify.schemas.registry;

import org.apache.avro.Schema;

/**
 * The three questions the wire-format codec asks a schema registry. {@link SchemaRegistryClient}
 * answers them over the Confluent Schema Registry REST API; {@link InMemorySchemaRegistry} answers
 * them in memory for unit tests.
 *
 * <p>Implementations fail with {@link SchemaRegistryException}; a 404 from the registry is {@link
 * SchemaRegistryException#isNotFound()}.
 */
public interface SchemaRegistry {

  /**
   * Registers {@code schema} under {@code subject} (idempotent: an identical schema keeps its id)
   * and returns its global schema id.
   */
  int register(String subject, Schema schema);

  /** Returns the id of {@code schema} if it is registered under {@code subject}; 404 otherwise. */
  int lookup(String subject, Schema schema);

  /** Returns the schema with global id {@code id}; 404 if the registry does not know it. */
  Schema schemaById(int id);
}
