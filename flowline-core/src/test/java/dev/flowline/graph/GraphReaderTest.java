package dev.flowline.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.ParameterModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphReaderTest {
  private final GraphReader reader = new GraphReader();

  private static String shape(FlowModel model) {
    var out = new StringBuilder();
    for (StepModel s : model.steps()) {
      out.append(s.name()).append(':').append(s.type());
      s.foreachField().ifPresent(f -> out.append('(').append(f).append(')'));
      out.append("->").append(s.next()).append(" in=").append(s.inputs());
      out.append(" parents=").append(s.splitParents());
      s.matchingJoin().ifPresent(j -> out.append(" join=").append(j));
      out.append('\n');
    }
    return out.toString();
  }

  @Test
  void linear() {
    FlowModel model = reader.read(ValidFlows.Linear.class);
    assertThat(model.name()).isEqualTo("Linear");
    assertThat(model.className()).isEqualTo("dev.flowline.graph.ValidFlows$Linear");
    assertThat(shape(model))
        .isEqualTo(
            """
            start:LINEAR->[a] in=[] parents=[]
            a:LINEAR->[end] in=[start] parents=[]
            end:END->[] in=[a] parents=[]
            """);
  }

  @Test
  void branchAndJoin() {
    assertThat(shape(reader.read(ValidFlows.BranchJoin.class)))
        .isEqualTo(
            """
            start:SPLIT->[a, b] in=[] parents=[] join=join
            a:LINEAR->[join] in=[start] parents=[start]
            b:LINEAR->[join] in=[start] parents=[start]
            join:JOIN->[end] in=[a, b] parents=[]
            end:END->[] in=[join] parents=[]
            """);
  }

  @Test
  void foreachAndJoin() {
    assertThat(shape(reader.read(ValidFlows.ForeachJoin.class)))
        .isEqualTo(
            """
            start:FOREACH(items)->[body] in=[] parents=[] join=join
            body:LINEAR->[join] in=[start] parents=[start]
            join:JOIN->[end] in=[body] parents=[]
            end:END->[] in=[join] parents=[]
            """);
  }

  @Test
  void nestedForeachWithAJoinPerLevel() {
    assertThat(shape(reader.read(ValidFlows.NestedForeach.class)))
        .isEqualTo(
            """
            start:FOREACH(outerItems)->[outer] in=[] parents=[] join=outerJoin
            outer:FOREACH(innerItems)->[inner] in=[start] parents=[start] join=innerJoin
            inner:LINEAR->[innerJoin] in=[outer] parents=[start, outer]
            innerJoin:JOIN->[outerJoin] in=[inner] parents=[start]
            outerJoin:JOIN->[end] in=[innerJoin] parents=[]
            end:END->[] in=[outerJoin] parents=[]
            """);
  }

  @Test
  void branchInsideForeach() {
    assertThat(shape(reader.read(ValidFlows.BranchInForeach.class)))
        .isEqualTo(
            """
            start:FOREACH(items)->[body] in=[] parents=[] join=foreachJoin
            body:SPLIT->[left, right] in=[start] parents=[start] join=branchJoin
            left:LINEAR->[branchJoin] in=[body] parents=[start, body]
            right:LINEAR->[branchJoin] in=[body] parents=[start, body]
            branchJoin:JOIN->[foreachJoin] in=[left, right] parents=[start]
            foreachJoin:JOIN->[end] in=[branchJoin] parents=[]
            end:END->[] in=[foreachJoin] parents=[]
            """);
  }

  @Test
  void foreachInsideBranch() {
    assertThat(shape(reader.read(ValidFlows.ForeachInBranch.class)))
        .isEqualTo(
            """
            start:SPLIT->[a, b] in=[] parents=[] join=join
            a:FOREACH(items)->[body] in=[start] parents=[start] join=foreachJoin
            body:LINEAR->[foreachJoin] in=[a] parents=[start, a]
            foreachJoin:JOIN->[join] in=[body] parents=[start]
            b:LINEAR->[join] in=[start] parents=[start]
            join:JOIN->[end] in=[b, foreachJoin] parents=[]
            end:END->[] in=[join] parents=[]
            """);
  }

  @Test
  void stepsInheritedFromAnAbstractSuperclass() {
    FlowModel model = reader.read(ValidFlows.Inherited.class);
    assertThat(model.name()).isEqualTo("Inherited");
    assertThat(model.stepNames()).containsExactly("start", "middle", "end");
    assertThat(model.step("middle").next()).containsExactly("end");
  }

  @Test
  void readingDoesNotInitialiseTheClass() {
    FlowModel model = reader.read(ValidFlows.StaticInitThrows.class);
    assertThat(model.stepNames()).containsExactly("start", "end");
  }

  @Test
  void readsFromClassBytes() throws IOException {
    byte[] bytes;
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("dev/flowline/graph/ValidFlows$BranchJoin.class")) {
      bytes = in.readAllBytes();
    }
    FlowModel model = reader.read(bytes, getClass().getClassLoader());
    assertThat(model.stepNames()).containsExactly("start", "a", "b", "join", "end");
  }

  @Test
  void readsByClassName() {
    FlowModel model =
        reader.read("dev.flowline.graph.ValidFlows$Linear", getClass().getClassLoader());
    assertThat(model.stepNames()).containsExactly("start", "a", "end");
  }

  @Test
  void missingClassFileIsAGraphException() {
    assertThatThrownBy(() -> reader.read("com.example.Missing", getClass().getClassLoader()))
        .isInstanceOf(GraphException.class)
        .hasMessage(
            "flow Missing has 1 problem:\n"
                + "  - flow class com.example.Missing: no com/example/Missing.class on the class path; check"
                + " the class name (fully qualified, e.g. com.example.HelloFlow) and that its module is on the"
                + " class path.");
  }

  @Test
  void recordsMethodAndTransitionLines() {
    StepModel a = reader.read(ValidFlows.Linear.class).step("a");
    assertThat(a.line()).isPositive();
    assertThat(a.transitionLine()).isEqualTo(a.line());
    StepModel end = reader.read(ValidFlows.Linear.class).step("end");
    assertThat(end.transitionLine()).isZero();
  }

  @Test
  void parameters() {
    assertThat(reader.read(ValidFlows.WithParameters.class).parameters())
        .containsExactly(
            new ParameterModel("name", "name", "java.lang.String", "who to greet", false),
            new ParameterModel("max-epochs", "epochs", "int", "", true),
            new ParameterModel("dryRun", "dryRun", "boolean", "", false));
  }

  @Test
  void decoratorsHoldOnlyExplicitAttributes() {
    FlowModel model = reader.read(ValidFlows.Decorated.class);
    assertThat(model.step("start").decorators())
        .containsExactly(
            new DecoratorSpec("retry", Map.of("times", 2), DecoratorSpec.Origin.ANNOTATION),
            new DecoratorSpec(
                "resources", Map.of("cpu", "2", "memory", 8192), DecoratorSpec.Origin.ANNOTATION));
    assertThat(model.step("a").decorators())
        .containsExactly(
            new DecoratorSpec("catch", Map.of(), DecoratorSpec.Origin.ANNOTATION),
            new DecoratorSpec("timeout", Map.of("minutes", 5), DecoratorSpec.Origin.ANNOTATION),
            new DecoratorSpec(
                "environment",
                Map.of("vars", List.of("A=1", "B=2")),
                DecoratorSpec.Origin.ANNOTATION));
  }

  @Test
  void decoratorValuesOfEveryKindAreConverted() {
    DecoratorSpec deco =
        reader.read(ValidFlows.Decorated.class).step("end").decorator("testdeco").orElseThrow();
    assertThat(deco.attributes())
        .containsExactly(
            Map.entry("mode", "FAST"),
            Map.entry("tolerations", List.of(Map.of("key", "k"))),
            Map.entry("type", "java.lang.String"),
            Map.entry("ratio", 0.5),
            Map.entry("letter", "x"));
  }

  @Test
  void typesOfStartAndEnd() {
    FlowModel model = reader.read(ValidFlows.BranchJoin.class);
    assertThat(model.start().type()).isEqualTo(StepType.SPLIT);
    assertThat(model.end().type()).isEqualTo(StepType.END);
    assertThat(reader.read(ValidFlows.Linear.class).start().type()).isEqualTo(StepType.LINEAR);
    assertThat(model.step("a").foreachField()).isEqualTo(Optional.empty());
  }

  @Test
  void referencesThatJavacCompilesIntoSyntheticMethods() {
    assertThat(shape(reader.read(ValidFlows.ProtectedSteps.class)))
        .isEqualTo(
            """
            start:LINEAR->[fork] in=[] parents=[]
            fork:SPLIT->[left, right] in=[start] parents=[] join=join
            left:LINEAR->[join] in=[fork] parents=[fork]
            right:LINEAR->[join] in=[fork] parents=[fork]
            join:JOIN->[end] in=[left, right] parents=[]
            end:END->[] in=[join] parents=[]
            """);
  }

  @Test
  void aLambdaThatOnlyCallsAStepNamesIt() {
    assertThat(reader.read(ValidFlows.DelegatingLambda.class).start().next())
        .containsExactly("end");
  }

  @Test
  void foreachParentsAreTheForeachStack() {
    FlowModel nested = reader.read(ValidFlows.NestedForeach.class);
    assertThat(nested.foreachParents("inner")).containsExactly("start", "outer");
    assertThat(nested.foreachParents("innerJoin")).containsExactly("start");
    FlowModel mixed = reader.read(ValidFlows.ForeachInBranch.class);
    assertThat(mixed.foreachParents("body")).containsExactly("a");
    assertThat(mixed.foreachParents("b")).isEmpty();
  }

  @Test
  void aCallInAFinallyBlockIsOneTransition() {
    assertThat(reader.read(ValidFlows.NextInFinally.class).start().next()).containsExactly("end");
  }
}
