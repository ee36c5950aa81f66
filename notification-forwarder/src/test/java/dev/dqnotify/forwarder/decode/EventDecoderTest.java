package dev.dqnotify.forwarder.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.forwarder.testing.UnreachableRegistry;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.WireFormat;
import dev.dqnotify.schemas.codec.WireFormatException;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroWireCodec<DqEvent> codec = AvroWireCodec.forDqEvents(registry);
  private final EventDecoder decoder = new EventDecoder(codec);

  @Test
  void decodesWhatTheCodecWrote() {
    DqEvent event = TestEvents.event("ev-1", "store-0001");

    EventDecoder.Decoded decoded = decoder.decode(codec.encode(event));

    assertThat(decoded).isEqualTo(new EventDecoder.Decoded.Event(event));
    assertThat(decoder.eventId(codec.encode(event))).contains("ev-1");
  }

  @Test
  void callsGarbageUndecodable() {
    EventDecoder.Decoded decoded = decoder.decode("{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(decoded).isInstanceOfSatisfying(EventDecoder.Decoded.Undecodable.class, u -> assertThat(u.cause())
        .isInstanceOfSatisfying(WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE)));
  }

  @Test
  void callsAnUnknownSchemaIdAndATombstoneUndecodable() {
    assertThat(decoder.decode(WireFormat.frame(4242, new byte[] {2, 'x'})))
        .isInstanceOf(EventDecoder.Decoded.Undecodable.class);
    assertThat(decoder.decode(null)).isInstanceOf(EventDecoder.Decoded.Undecodable.class);
    assertThat(decoder.eventId(new byte[] {1, 2, 3})).isEmpty();
  }

  @Test
  void tellsAnUnavailableRegistryApartFromABadRecord() {
    byte[] bytes = codec.encode(TestEvents.event("ev-1", "store-0001"));
    SchemaRegistry down = new UnreachableRegistry();
    EventDecoder withRegistryDown = new EventDecoder(AvroWireCodec.forDqEvents(down));

    assertThat(withRegistryDown.decode(bytes)).isInstanceOf(EventDecoder.Decoded.RegistryUnavailable.class);
    assertThatThrownBy(() -> withRegistryDown.eventId(bytes)).isInstanceOf(SchemaRegistryException.class);
  }

}
