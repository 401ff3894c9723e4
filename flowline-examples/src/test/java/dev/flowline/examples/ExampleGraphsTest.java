package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowSpec;
import dev.flowline.graph.GraphLinter;
import dev.flowline.graph.GraphReader;
import dev.flowline.model.FlowModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExampleGraphsTest {
  private final GraphReader reader = new GraphReader();

  @ParameterizedTest
  @ValueSource(
      classes = {
        HelloFlow.class, BranchFlow.class, ForeachFlow.class, ParameterFlow.class, RetryCatchFlow.class,
        LargeArtifactFlow.class
      })
  void everyExampleLintsClean(Class<? extends FlowSpec> flow) {
    var read = reader.scan(flow);
    assertThat(new GraphLinter().lint(read).messages()).isEmpty();
  }

  @Test
  void helloFlowGraph() {
    FlowModel model = reader.read(HelloFlow.class);
    assertThat(model.name()).isEqualTo("HelloFlow");
    assertThat(model.stepNames()).containsExactly("start", "shout", "end");
    assertThat(model.parameters()).hasSize(1);
    assertThat(model.parameters().get(0).help()).isEqualTo("who to greet");
  }

  @Test
  void foreachFlowHasAJoinPerLevel() {
    FlowModel model = reader.read(ForeachFlow.class);
    assertThat(model.stepNames())
        .containsExactly("start", "perLetter", "perNumber", "joinNumbers", "joinLetters", "end");
    assertThat(model.step("start").matchingJoin()).contains("joinLetters");
    assertThat(model.step("perLetter").matchingJoin()).contains("joinNumbers");
    assertThat(model.step("perNumber").splitParents()).isEqualTo(List.of("start", "perLetter"));
  }

  @Test
  void parameterFlowParameters() {
    FlowModel model = reader.read(ParameterFlow.class);
    assertThat(model.parameters())
        .extracting(p -> p.name() + ":" + p.javaType() + (p.required() ? "!" : ""))
        .containsExactly(
            "dataset:java.lang.String!",
            "epochs:int",
            "seed:long",
            "ratio:double",
            "verbose:boolean",
            "config:dev.flowline.examples.ParameterFlow$TrainingConfig");
  }
}
