package dev.dqnotify.schemas.registry;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistry} in memory, for unit tests of code that encodes or decodes the wire
 * format (no HTTP, no registry process). Like a real registry, an id names one schema text across
 * all subjects and registering is idempotent; unknown ids and unregistered schemas fail with a 404
 * {@link SchemaRegistryException} carrying Confluent's error codes. Compatibility is not checked.
 * Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private static final String URL = "in-memory:";

  private final Map<String, Integer> idsBySchemaText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Set<String> registered = new HashSet<>();
  private int nextId;

  /** A registry whose first schema gets id 1. */
  public InMemorySchemaRegistry() {
    this(1);
  }

  /** A registry whose first schema gets {@code firstId} (e.g. 0x01020304 to check byte order). */
  public InMemorySchemaRegistry(int firstId) {
    this.nextId = firstId;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String text = schema.toString();
    Integer id = idsBySchemaText.get(text);
    if (id == null) {
      id = nextId++;
      idsBySchemaText.put(text, id);
      // Stored re-parsed, as a registry hands back its own copy parsed from text.
      schemasById.put(id, new Schema.Parser().parse(text));
    }
    registered.add(subject + '\n' + text);
    return id;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    String text = schema.toString();
    if (!registered.contains(subject + '\n' + text)) {
      throw SchemaRegistryException.httpError(
          "POST", URL + "/subjects/" + subject, 404, 40403, "Schema not found");
    }
    return idsBySchemaText.get(text);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw SchemaRegistryException.httpError(
          "GET", URL + "/schemas/ids/" + id, 404, 40403, "Schema " + id + " not found");
    }
    return schema;
  }
}
