package dev.dqnotify.forwarder.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.render.Pages.Block;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagesTest {

  private static final String LINE = "x".repeat(99);

  @Test
  void keepsTextThatFitsUnchanged() {
    List<Block> blocks = List.of(Block.of("a"), Block.of("b"));

    assertThat(Pages.truncate(blocks, 3)).containsExactly("a", "b");
    assertThat(Pages.paginate(blocks, 3)).containsExactly(List.of("a", "b"));
  }

  @Test
  void truncatesBetweenLinesAndSaysHowMuchWasLeftOut() {
    List<Block> blocks =
        List.of(Block.of(LINE), Block.of(LINE), Block.of(LINE, LINE), Block.of(LINE));

    List<String> kept = Pages.truncate(blocks, 250);

    assertThat(kept).containsExactly(LINE, "", "… 4 more lines (399 characters) not shown");
    assertThat(String.join("\n", kept)).hasSizeLessThanOrEqualTo(250);
  }

  @Test
  void startsANewPageWhenTheNextBlockDoesNotFit() {
    List<Block> blocks = List.of(Block.of(LINE), Block.of(LINE), Block.of(LINE));

    assertThat(Pages.paginate(blocks, 200)).containsExactly(List.of(LINE, LINE), List.of(LINE));
  }

  @Test
  void repeatsTheTableHeaderOnAPageThatContinuesATable() {
    List<String> header = List.of("| K | V |", "|---|---|");
    List<Block> blocks =
        List.of(
            new Block(List.of("| K | V |", "|---|---|", "| a | " + LINE + " |"), List.of()),
            new Block(List.of("| b | " + LINE + " |"), header));

    List<List<String>> pages = Pages.paginate(blocks, 150);

    assertThat(pages).hasSize(2);
    assertThat(pages.get(1)).containsExactly("| K | V |", "|---|---|", "| b | " + LINE + " |");
  }

  @Test
  void wrapsLinesInDatadogMarkdownMarkers() {
    assertThat(Pages.wrap(List.of("a", "b"))).isEqualTo("%%% \na\nb\n %%%");
  }
}
