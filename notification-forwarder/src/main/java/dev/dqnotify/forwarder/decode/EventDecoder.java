package dev.dqnotify.forwarder.decode;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.WireFormatException;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a record value into a {@link DqEvent} with the schemas module's Confluent wire-format
 * codec, and says which failures are the record's fault (dead-letter it) and which are the
 * registry's (try the same record again later).
 */
public final class EventDecoder {

  /** What a value decoded to. */
  public sealed interface Decoded {
    /** A readable event. */
    record Event(DqEvent event) implements Decoded {}

    /** The bytes are the problem; retrying cannot help. */
    record Undecodable(RuntimeException cause) implements Decoded {}

    /** The registry could not be asked (down, refusing, overloaded); the record may be fine. */
    record RegistryUnavailable(SchemaRegistryException cause) implements Decoded {}
  }

  private final AvroWireCodec<DqEvent> codec;

  /** A decoder around {@code codec} (e.g. {@code AvroWireCodec.forDqEvents(registry)}). */
  public EventDecoder(AvroWireCodec<DqEvent> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** Decodes {@code value}; null (a tombstone) is undecodable, as the outbox never writes one. */
  public Decoded decode(byte[] value) {
    if (value == null) {
      return new Decoded.Undecodable(new IllegalArgumentException(
          "the record has no value (a tombstone); the outbox holds only DqEvents"));
    }
    try {
      return new Decoded.Event(codec.decode(value));
    } catch (WireFormatException e) {
      return new Decoded.Undecodable(e);
    } catch (SchemaRegistryException e) {
      // An answer that is not a usable Avro schema belongs to this record's schema id; waiting
      // would not change it. Everything else (unreachable, 5xx, 401...) may pass.
      return e.kind() == SchemaRegistryException.Kind.INVALID_RESPONSE
          ? new Decoded.Undecodable(e)
          : new Decoded.RegistryUnavailable(e);
    } catch (RuntimeException e) {
      // Avro throws assorted runtime exceptions for bytes it cannot make sense of.
      return new Decoded.Undecodable(e);
    }
  }

  /**
   * The event id in {@code value}, for rebuilding dedupe state; empty when the value cannot be
   * decoded (such a record was dead-lettered, there is no id to remember).
   *
   * @throws SchemaRegistryException when the registry is unavailable, so the caller retries
   */
  public Optional<String> eventId(byte[] value) {
    Decoded decoded = decode(value);
    if (decoded instanceof Decoded.RegistryUnavailable unavailable) {
      throw unavailable.cause();
    }
    return decoded instanceof Decoded.Event event ? Optional.of(event.event().getEventId()) : Optional.empty();
  }
}
