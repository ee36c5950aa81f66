package dev.dqnotify.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.schemas.codec.WireFormatException.Reason;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void headerIsTheMagicByteThenTheIdBigEndian() {
    assertThat(WireFormat.header(0x01020304)).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
  }

  @Test
  void idsAboveSignedByteRangeSurviveTheRoundTrip() {
    assertThat(WireFormat.header(0x80FF7F01)).containsExactly(0x00, 0x80, 0xFF, 0x7F, 0x01);
    assertThat(WireFormat.schemaId(WireFormat.header(0x80FF7F01))).isEqualTo(0x80FF7F01);
    assertThat(WireFormat.schemaId(WireFormat.header(Integer.MAX_VALUE)))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void frameIsTheHeaderFollowedByTheBody() {
    assertThat(WireFormat.frame(258, new byte[] {9, 8, 7}))
        .containsExactly(0x00, 0x00, 0x00, 0x01, 0x02, 9, 8, 7);
  }

  @Test
  void schemaIdReadsTheIdOfAPayloadWithABody() {
    assertThat(WireFormat.schemaId(new byte[] {0, 0, 0, 0, 42, 1, 2})).isEqualTo(42);
  }

  @Test
  void schemaIdRefusesNullAndEmptyPayloads() {
    assertThatThrownBy(() -> WireFormat.schemaId(null))
        .isInstanceOfSatisfying(
            WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY_PAYLOAD))
        .hasMessageContaining("null");
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[0]))
        .isInstanceOfSatisfying(
            WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY_PAYLOAD))
        .hasMessageContaining("empty (0 bytes)");
  }

  @Test
  void schemaIdNamesTheByteFoundInsteadOfTheMagicByte() {
    assertThatThrownBy(() -> WireFormat.schemaId("{\"event_id\":1}".getBytes()))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MAGIC_BYTE))
        .hasMessageContaining("byte 0 is 0x7B, expected the magic byte 0x00");
  }

  @Test
  void schemaIdRefusesAHeaderShorterThanFiveBytes() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 0, 1}))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_HEADER))
        .hasMessageContaining("the payload has 4 byte(s), the header alone needs 5");
  }
}
