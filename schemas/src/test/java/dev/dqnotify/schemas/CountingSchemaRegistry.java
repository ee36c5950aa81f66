package dev.dqnotify.schemas;

import dev.dqnotify.schemas.registry.SchemaRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the calls that reach a {@link SchemaRegistry}, to check what callers cache. */
public final class CountingSchemaRegistry implements SchemaRegistry {

  private final SchemaRegistry delegate;
  private final AtomicInteger registers = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger fetches = new AtomicInteger();

  public CountingSchemaRegistry(SchemaRegistry delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public int lookup(String subject, Schema schema) {
    lookups.incrementAndGet();
    return delegate.lookup(subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    fetches.incrementAndGet();
    return delegate.schemaById(id);
  }

  public int registers() {
    return registers.get();
  }

  public int lookups() {
    return lookups.get();
  }

  public int fetches() {
    return fetches.get();
  }
}
