package dev.flowline.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskPathTest {
  @Test
  void parsesAndPrintsPathspecsAndInputPaths() {
    TaskPath t = TaskPath.parse("HelloFlow/1764236056123456789/start/1");
    assertThat(t).isEqualTo(new TaskPath("HelloFlow", "1764236056123456789", "start", "1"));
    assertThat(t.pathspec()).isEqualTo("HelloFlow/1764236056123456789/start/1");
    assertThat(t.inputPath()).isEqualTo("1764236056123456789/start/1");
    assertThat(TaskPath.parseInputPath("HelloFlow", "9/end/3"))
        .isEqualTo(new TaskPath("HelloFlow", "9", "end", "3"));
    assertThat(t.inRun("2", "7").pathspec()).isEqualTo("HelloFlow/2/start/7");
  }

  @Test
  void anyJavaIdentifierIsAStepOrFlowName() {
    assertThat(new TaskPath("Flow$Inner", "argo-hello-x7k2p", "_private", "1").step())
        .isEqualTo("_private");
    assertThat(new TaskPath("ÉtapeFlow", "1", "étape2", "1").flow()).isEqualTo("ÉtapeFlow");
  }

  @Test
  void idsThatCouldEscapeOrCollideWithTheLayoutAreRejected() {
    assertThatThrownBy(() -> new TaskPath("F", "..", "s", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "run id '..' is not a valid id: use 1 to 200 letters, digits, '_', '$', '.' and '-', not"
                + " starting with '.' or '-'");
    assertThatThrownBy(() -> new TaskPath("F", "1", "a/b", "1"))
        .hasMessageStartingWith("step 'a/b' is not a valid id");
    assertThatThrownBy(() -> new TaskPath("F", "1", "s", ""))
        .hasMessageStartingWith("task id '' is not a valid id");
    assertThatThrownBy(() -> new TaskPath("F", "data", "s", "1"))
        .hasMessage(
            "'data' is reserved by the datastore layout (docs/datastore-layout.md); use another run id");
    assertThatThrownBy(() -> new TaskPath("F", "_runs", "s", "1"))
        .hasMessageStartingWith("'_runs' is reserved");
    assertThatThrownBy(() -> new TaskPath("_flows", "1", "s", "1"))
        .hasMessageContaining("use another flow name");
    assertThatThrownBy(() -> new TaskPath("_flowline", "1", "s", "1"))
        .hasMessage(
            "'_flowline' is reserved by the datastore layout (docs/datastore-layout.md); use another"
                + " flow name");
    assertThatThrownBy(() -> TaskPath.parse("F/1/s"))
        .hasMessageStartingWith("task pathspec 'F/1/s' must have the form Flow/run/step/task");
  }
}
