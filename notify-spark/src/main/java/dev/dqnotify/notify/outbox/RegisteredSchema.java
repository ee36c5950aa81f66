package dev.dqnotify.notify.outbox;

import dev.dqnotify.schemas.registry.SchemaRegistry;
import java.io.Serializable;
import org.apache.avro.Schema;

/**
 * The one schema an outbox writer writes, with the id the driver registered at start-up. Executors
 * encode with it and never call the registry: a registry hiccup cannot fail a micro-batch.
 */
final class RegisteredSchema implements SchemaRegistry, Serializable {
  private static final long serialVersionUID = 1L;

  private final String subject;
  private final String schemaText;
  private final int id;
  private transient Schema schema;

  RegisteredSchema(String subject, Schema schema, int id) {
    this.subject = subject;
    this.schemaText = schema.toString();
    this.id = id;
  }

  @Override
  public int register(String subject, Schema schema) {
    return lookup(subject, schema);
  }

  @Override
  public int lookup(String subject, Schema schema) {
    if (!this.subject.equals(subject) || !schemaText.equals(schema.toString())) {
      throw new IllegalStateException("Only " + this.subject + " with the DqEvent schema is registered here");
    }
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    if (id != this.id) {
      throw new IllegalStateException("Schema id " + id + " is not the outbox's (" + this.id + ")");
    }
    if (schema == null) {
      schema = new Schema.Parser().parse(schemaText);
    }
    return schema;
  }
}
