package dev.dqnotify.forwarder.testing;

import dev.dqnotify.schemas.registry.SchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import org.apache.avro.Schema;

/** A schema registry that cannot be reached: every call fails as a refused connection does. */
public final class UnreachableRegistry implements SchemaRegistry {

  @Override
  public int register(String subject, Schema schema) {
    throw unreachable();
  }

  @Override
  public int lookup(String subject, Schema schema) {
    throw unreachable();
  }

  @Override
  public Schema schemaById(int id) {
    throw unreachable();
  }

  private static SchemaRegistryException unreachable() {
    return SchemaRegistryException.unreachable("GET", "http://registry/schemas/ids/1", new IOException("refused"));
  }
}
