package dev.dqnotify.schemas.kafka;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading {@link DqEvent}s from the Confluent wire format, resolving
 * each writer's schema (fetched by id) to {@link DqEvent}'s. Configured by class name through
 * Confluent's keys ({@link DqEventSerdeConfig}), or built around a codec.
 *
 * <p>Throws {@link dev.dqnotify.schemas.codec.WireFormatException} for bytes that cannot be read
 * (the consumer wraps it in a {@code RecordDeserializationException} naming partition and offset)
 * and {@link dev.dqnotify.schemas.registry.SchemaRegistryException} when the registry fails. Null
 * bytes (a tombstone) deserialize to null, as with Confluent's deserializer.
 */
public final class DqEventDeserializer implements Deserializer<DqEvent> {

  private AvroWireCodec<DqEvent> codec;

  /** For Kafka's by-class-name instantiation; {@link #configure} must follow. */
  public DqEventDeserializer() {}

  /** Ready to use with {@code codec}; {@link #configure} then changes nothing. */
  public DqEventDeserializer(AvroWireCodec<DqEvent> codec) {
    if (codec == null) {
      throw new IllegalArgumentException("codec is null");
    }
    this.codec = codec;
  }

  /**
   * Reads {@code schema.registry.url}, {@code basic.auth.user.info} and {@code
   * basic.auth.credentials.source} (see {@link DqEventSerdeConfig}), unless built with a codec.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming a missing or invalid key
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (codec == null) {
      codec = DqEventSerdeConfig.codec(configs);
    }
  }

  /** The event in {@code data}, or null for null data. */
  @Override
  public DqEvent deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (codec == null) {
      throw new IllegalStateException(
          "DqEventDeserializer is not configured: call configure() or build it with a codec");
    }
    return codec.decode(data);
  }
}
