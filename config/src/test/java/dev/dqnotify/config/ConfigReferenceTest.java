package dev.dqnotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
  private static final List<Setting<?>> SETTINGS =
      List.of(Setting.string("a.key", "x", "The a key."), Setting.secret("b.secret", "The b secret."));

  @Test
  void replacesOnlyTheGeneratedBlockAndLeavesAnUpToDateDocumentUnchanged() {
    String stale = "# Title\n\n<!-- settings:begin (generated) -->\nold table\n<!-- settings:end -->\n\nMore.\n";

    String fresh = ConfigReference.spliceInto(stale, SETTINGS);

    assertThat(fresh).startsWith("# Title\n\n<!-- settings:begin (generated) -->\n| key |")
        .contains("| `a.key` | `x` |").contains("`DQNOTIFY_B_SECRET` or `DQNOTIFY_B_SECRET_FILE` (a file holding it)").endsWith("<!-- settings:end -->\n\nMore.\n")
        .doesNotContain("old table");
    assertThat(ConfigReference.spliceInto(fresh, SETTINGS)).isEqualTo(fresh);
  }

  @Test
  void showsAnOptionalSettingAsUnsetAndOneWithoutADefaultAsRequired() {
    String table = ConfigReference.markdown(List.of(Setting.string("c.optional", null, "May stay unset.").optional(),
        Setting.string("d.required", null, "Must be given.")));

    assertThat(table).contains("| `c.optional` | *(unset)* |").contains("| `d.required` | *(required)* |");
  }

  @Test
  void refusesADocumentWithoutMarkers() {
    assertThatThrownBy(() -> ConfigReference.spliceInto("# nothing here\n", SETTINGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settings:begin");
  }
}
