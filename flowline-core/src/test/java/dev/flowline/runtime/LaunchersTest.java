package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.graph.GraphReader;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.flows.LinearFlow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchersTest {
  private final FlowModel flow = new GraphReader().read(LinearFlow.class);
  private final List<String> created = new ArrayList<>();

  /** A launcher that only has a name. */
  private record Named(String name) implements TaskLauncher {
    @Override
    public void launch(TaskAttempt attempt, AttemptListener listener) {
      listener.finished(new AttemptOutcome.Succeeded());
    }

    @Override
    public void stopAll() {}

    @Override
    public void close() {}
  }

  private TaskLauncherFactory factory(String name, String step) {
    return new TaskLauncherFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean handles(FlowModel f, StepModel s) {
        return s.name().equals(step);
      }

      @Override
      public TaskLauncher create(LaunchContext context) {
        created.add(name);
        return new Named(name);
      }
    };
  }

  private LaunchContext context() {
    return new LaunchContext(
        flow,
        null,
        Map.of(),
        Path.of("."),
        getClass().getClassLoader(),
        List.of(),
        dev.flowline.config.Config.load(Map.of(), Path.of(".")),
        "tester");
  }

  @Test
  void eachStepGoesToTheFactoryThatHandlesItElseToTheLocalLauncher() {
    var launchers =
        Launchers.choose(new Named("local"), List.of(factory("remote", "end")), context());
    assertThat(launchers.forStep("start").name()).isEqualTo("local");
    assertThat(launchers.forStep("end").name()).isEqualTo("remote");
    assertThat(launchers.runtimeTags(flow)).containsExactly("runtime:local", "runtime:remote");
    assertThat(created).containsExactly("remote");
  }

  @Test
  void twoFactoriesForOneStepStopTheRunBeforeItStarts() {
    assertThatThrownBy(
            () ->
                Launchers.choose(
                    new Named("local"),
                    List.of(factory("a", "end"), factory("b", "end")),
                    context()))
        .isInstanceOf(InvalidRunException.class)
        .hasMessage(
            "step 'end' is claimed by the launchers [a, b], but a step runs on one back end."
                + " Remove the decorator of all but one from the step, or one of the modules from"
                + " the class path.\nNothing was run.");
    assertThat(created).isEmpty();
  }
}
