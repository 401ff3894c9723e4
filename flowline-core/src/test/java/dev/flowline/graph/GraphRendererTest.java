package dev.flowline.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.FlowModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphRendererTest {
  private final GraphReader reader = new GraphReader();
  private final GraphRenderer renderer = new GraphRenderer();

  @Test
  void textShowsTypesDecoratorsAndNextSteps() {
    FlowModel model =
        reader
            .read(ValidFlows.Decorated.class)
            .withDecorators(
                List.of("retry:times=1"), DecoratorRegistry.load(getClass().getClassLoader()));
    assertThat(renderer.render(model, GraphFormat.TEXT))
        .isEqualTo(
            """
            Flow Decorated (dev.flowline.graph.ValidFlows$Decorated)

            Step start (linear)
                @retry(times=2)
                @resources(cpu="2", memory=8192)
                @retry(times=1) (--with)
                => a

            Step a (linear)
                @catch
                @timeout(minutes=5)
                @environment(vars=["A=1", "B=2"])
                @retry(times=1) (--with)
                => end

            Step end (end)
                @testdeco(mode="FAST", tolerations=[{key="k"}], type="java.lang.String", ratio=0.5, letter="x")
                @retry(times=1) (--with)
            """);
  }

  @Test
  void textShowsParametersAndForeachFields() {
    assertThat(renderer.render(reader.read(ValidFlows.WithParameters.class), GraphFormat.TEXT))
        .startsWith(
            """
            Flow WithParameters (dev.flowline.graph.ValidFlows$WithParameters)

            Parameters:
                --name (String): who to greet
                --max-epochs (int, required)
                --dryRun (boolean)

            Step start (linear)
            """);
    assertThat(renderer.render(reader.read(ValidFlows.ForeachJoin.class), GraphFormat.TEXT))
        .contains("Step start (foreach over items)\n    => body\n");
  }

  @Test
  void mermaid() {
    assertThat(renderer.render(reader.read(ValidFlows.ForeachInBranch.class), GraphFormat.MERMAID))
        .isEqualTo(
            """
            flowchart TD
                step_start["start"]
                step_a["a"]
                step_body["body"]
                step_foreachJoin["foreachJoin"]
                step_b["b"]
                step_join["join"]
                step_end["end"]
                step_start --> step_a
                step_start --> step_b
                step_a -->|"foreach items"| step_body
                step_body --> step_foreachJoin
                step_foreachJoin --> step_join
                step_b --> step_join
                step_join --> step_end
            """);
  }

  @Test
  void dot() {
    assertThat(renderer.render(reader.read(ValidFlows.ForeachJoin.class), GraphFormat.DOT))
        .isEqualTo(
            """
            digraph "ForeachJoin" {
                node [shape=box];
                "start";
                "body";
                "join";
                "end";
                "start" -> "body" [label="foreach items"];
                "body" -> "join";
                "join" -> "end";
            }
            """);
  }

  @Test
  void renderingIsDeterministic() {
    FlowModel model = reader.read(ValidFlows.BranchInForeach.class);
    for (GraphFormat format : GraphFormat.values()) {
      assertThat(renderer.render(reader.read(ValidFlows.BranchInForeach.class), format))
          .isEqualTo(renderer.render(model, format));
    }
  }

  @Test
  void formatNames() {
    assertThat(GraphFormat.parse("Mermaid")).isEqualTo(GraphFormat.MERMAID);
    assertThatThrownBy(() -> GraphFormat.parse("svg"))
        .hasMessage("--format svg: unknown format; use one of [text, mermaid, dot].");
  }
}
