package dev.flowline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Flowline;
import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark flow really fans out to {@code --width} tasks and its join sees every one of them.
 */
class WideForeachFlowTest {
  @TempDir Path dir;

  @Test
  void joinSumsTheSquaresOfEveryForeachTask() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("METAFLOW_"));
    env.put("METAFLOW_HOME", dir.resolve("home").toString());
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Flowline.execute(
            List.of(WideForeachFlow.class.getName(), "run", "--width", "7"),
            env,
            dir,
            getClass().getClassLoader(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as("stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isZero();

    try (var client = FlowlineClient.open(Config.load(env, dir), null)) {
      Run run = client.flow("WideForeachFlow").latestSuccessfulRun().orElseThrow();
      assertThat(run.step("square").tasks()).hasSize(7);
      assertThat(run.step("join").task().artifact("total", Long.class)).isEqualTo(91L);
      assertThat(run.step("end").task().stdout()).isEqualTo("7 tasks, sum of squares 91\n");
    }
  }
}
