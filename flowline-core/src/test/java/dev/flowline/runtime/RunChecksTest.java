package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.Config;
import dev.flowline.graph.GraphReader;
import dev.flowline.runtime.flows.CheckedFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run checks belong to the runtime: a run started without the CLI applies them too. */
class RunChecksTest {
  @TempDir Path dir;

  @Test
  void aRunStartedWithoutTheCliIsStoppedByARunCheckBeforeAnythingIsWritten() throws Exception {
    var model = new GraphReader().read(CheckedFlow.class);
    var config = Config.load(Map.of(), dir);
    var options =
        new LocalRuntime.Options(
            1,
            10,
            List.of(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            "tester");
    var out = new StringWriter();
    try (var store = RunStore.open(null, config, model.name());
        var launch =
            LocalLaunch.prepare(
                CheckedFlow.class.getName(),
                getClass().getClassLoader(),
                List.of(),
                dir,
                Map.of("PATH", System.getenv("PATH")),
                1)) {
      var parameters = RunParameters.save(store.contentStore(), Map.of(), Map.of());
      assertThatThrownBy(
              () ->
                  launch.run(
                      model,
                      store,
                      parameters,
                      options,
                      config,
                      new PrintWriter(out),
                      new PrintWriter(out),
                      false))
          .isInstanceOf(InvalidRunException.class)
          .hasMessage(
              "1 configuration problem:\n"
                  + "  - step 'start': value \"checked\" is rejected by the test check.\n"
                  + "Nothing was run.");
      assertThat(store.metadata().runs(model.name())).isEmpty();
    }
  }
}
