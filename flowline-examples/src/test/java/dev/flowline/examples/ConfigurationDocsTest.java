package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.ConfigurationDocs;
import dev.flowline.config.OptionCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails when {@code docs/configuration.md} is not what the option declarations of every module
 * generate. This module depends on all others, so its class path sees every {@code OptionGroup}.
 */
class ConfigurationDocsTest {
  static final Path DOCS = Path.of("..", "docs", "configuration.md");
  static final String REGENERATE =
      "./mvnw -B -q -pl flowline-examples -am verify -Dtest=ConfigurationDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dflowline.docs.update=true";

  @Test
  void committedPageMatchesTheDeclarations() throws Exception {
    String expected = ConfigurationDocs.render(OptionCatalog.load());
    if (Boolean.getBoolean("flowline.docs.update")) {
      Files.createDirectories(DOCS.getParent());
      Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";
    assertThat(actual)
        .as(
            "docs/configuration.md is out of date with the option declarations; regenerate it with:"
                + " "
                + REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void everyOptionIsDocumented() {
    assertThat(OptionCatalog.load().options())
        .allSatisfy(o -> assertThat(o.doc()).as("doc of " + o.key()).isNotBlank());
  }
}
