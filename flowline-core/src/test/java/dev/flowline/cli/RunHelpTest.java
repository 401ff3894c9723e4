package dev.flowline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Flowline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --help} shows each parameter's default and an enum's constants. */
class RunHelpTest {
  @TempDir Path tmp;

  @Test
  void parameterDefaultsAndEnumConstantsAreShown() {
    var out = new ByteArrayOutputStream();
    int code =
        Flowline.execute(
            List.of("dev.flowline.runtime.flows.ModeFlow", "run", "--help"),
            Map.of(),
            tmp,
            getClass().getClassLoader(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    assertThat(help)
        .contains(
            "--mode=<Mode> how fast. One of: SLOW, FAST. Default: FAST. Also METAFLOW_RUN_MODE.")
        .contains("--name=<String> who to greet. Default: world. Also METAFLOW_RUN_NAME.")
        .contains("--count=<int> Flow parameter. Default: 3.")
        .contains("--shape=<Shape> Flow parameter. Default: {\"width\":2,\"sizes\":[1,2]}.")
        .contains("--nothing=<String> no default. Also METAFLOW_RUN_NOTHING.");
  }
}
