package dev.dqnotify.forwarder.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GraphemesTest {

  @Test
  void neverCutsASurrogatePairInHalf() {
    assertThat(Graphemes.cut("ab\uD83D\uDE00", 3)).isEqualTo("ab");
  }

  @Test
  void keepsCombiningMarksWithTheirLetter() {
    assertThat(Graphemes.cut("e\u0301e\u0301", 3)).isEqualTo("e\u0301");
  }

  @Test
  void leavesShortTextAlone() {
    assertThat(Graphemes.cut("abc", 3)).isEqualTo("abc");
    assertThat(Graphemes.ellipsize("abc", 3)).isEqualTo("abc");
  }

  @Test
  void endsEllipsizedTextWithAnEllipsisWithinTheLimit() {
    assertThat(Graphemes.ellipsize("abcdef", 4)).isEqualTo("abc…");
  }
}
