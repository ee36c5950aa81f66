package dev.dqnotify.schemas.kafka;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing {@link DqEvent}s in the Confluent wire format, under the subject
 * {@code <topic>-value} (or {@code <topic>-key}). Configured by class name through Confluent's keys
 * ({@link DqEventSerdeConfig}), or built around a codec by code that wires things itself.
 *
 * <p>Throws {@link dev.dqnotify.schemas.codec.WireFormatException} for a record that does not fit
 * the schema and {@link dev.dqnotify.schemas.registry.SchemaRegistryException} when the registry
 * fails; a null record (a tombstone) serializes to null.
 */
public final class DqEventSerializer implements Serializer<DqEvent> {

  private AvroWireCodec<DqEvent> codec;
  private boolean isKey;

  /** For Kafka's by-class-name instantiation; {@link #configure} must follow. */
  public DqEventSerializer() {}

  /**
   * Ready to use with {@code codec}; {@link #configure} then only decides key or value, the codec
   * decides registry and registration mode.
   */
  public DqEventSerializer(AvroWireCodec<DqEvent> codec) {
    if (codec == null) {
      throw new IllegalArgumentException("codec is null");
    }
    this.codec = codec;
  }

  /**
   * Reads {@code schema.registry.url}, {@code basic.auth.user.info}, {@code
   * basic.auth.credentials.source} and {@code auto.register.schemas} (see {@link
   * DqEventSerdeConfig}), unless built with a codec.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming a missing or invalid key
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (codec == null) {
      codec = DqEventSerdeConfig.codec(configs);
    }
  }

  /** {@code event} in the wire format, or null for a null event. */
  @Override
  public byte[] serialize(String topic, DqEvent event) {
    if (event == null) {
      return null;
    }
    if (codec == null) {
      throw new IllegalStateException(
          "DqEventSerializer is not configured: call configure() or build it with a codec");
    }
    return codec.encode(DqEventSerdeConfig.subject(topic, isKey), event);
  }
}
