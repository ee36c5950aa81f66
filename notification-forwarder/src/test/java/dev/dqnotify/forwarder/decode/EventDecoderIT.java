package dev.dqnotify.forwarder.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.codec.WireFormat;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Which registry answers condemn a record, against the real registry (Apicurio's Confluent API). */
@ExtendWith(LocalStackExtension.class)
class EventDecoderIT {

  private final SchemaRegistryServer registry;

  EventDecoderIT(SchemaRegistryServer registry) {
    this.registry = registry;
  }

  private static EventDecoder decoderAt(String url) {
    return new EventDecoder(AvroWireCodec.forDqEvents(new SchemaRegistryClient(SchemaRegistryConfig.of(url)),
        RegistrationMode.LOOKUP_ONLY));
  }

  private byte[] aValidRecord() {
    return AvroWireCodec.forDqEvents(new SchemaRegistryClient(SchemaRegistryConfig.of(registry.confluentApiUrl())))
        .encode(TestEvents.event("decoder-it", "store-0001"));
  }

  @Test
  void aWrongBasePathMakesAValidRecordWaitForTheRegistryInsteadOfDeadLetteringIt() {
    byte[] value = aValidRecord();
    String wrongPath = registry.confluentApiUrl().replace("/apis/ccompat/v7", "/apis/ccompat/v6x");

    EventDecoder.Decoded decoded = decoderAt(wrongPath).decode(value);

    assertThat(decoded).isInstanceOfSatisfying(EventDecoder.Decoded.RegistryUnavailable.class,
        unavailable -> assertThat(unavailable.cause().status()).hasValue(404));
  }

  @Test
  void anIdTheRegistrySaysItDoesNotKnowIsUndecodable() {
    byte[] value = aValidRecord();
    byte[] body = Arrays.copyOfRange(value, WireFormat.HEADER_LENGTH, value.length);

    EventDecoder.Decoded decoded = decoderAt(registry.confluentApiUrl()).decode(WireFormat.frame(987_654, body));

    assertThat(decoded).isInstanceOf(EventDecoder.Decoded.Undecodable.class);
  }

  @Test
  void theRightPathDecodesTheRecord() {
    assertThat(decoderAt(registry.confluentApiUrl()).decode(aValidRecord()))
        .isInstanceOfSatisfying(EventDecoder.Decoded.Event.class,
            event -> assertThat(event.event().getEventId()).isEqualTo("decoder-it"));
  }
}
