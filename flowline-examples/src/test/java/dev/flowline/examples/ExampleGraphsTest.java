package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowSpec;
import dev.flowline.graph.GraphLinter;
import dev.flowline.graph.GraphReader;
import dev.flowline.model.FlowModel;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExampleGraphsTest {
  private final GraphReader reader = new GraphReader();

  /**
   * Every flow class of the examples package, found in the compiled classes (loaded, not
   * initialised).
   */
  static Stream<Class<?>> exampleFlows() throws Exception {
    Path dir =
        Path.of(HelloFlow.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/flowline/examples");
    try (Stream<Path> files = Files.list(dir)) {
      var flows = new ArrayList<Class<?>>();
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name =
            "dev.flowline.examples." + file.getFileName().toString().replace(".class", "");
        Class<?> c = Class.forName(name, false, ExampleGraphsTest.class.getClassLoader());
        if (FlowSpec.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
          flows.add(c);
        }
      }
      return flows.stream();
    }
  }

  @Test
  void theContractsExamplesAreFound() throws Exception {
    assertThat(exampleFlows().map(Class::getSimpleName).toList())
        .contains(
            "BranchFlow",
            "ForeachFlow",
            "HelloFlow",
            "LargeArtifactFlow",
            "ParameterFlow",
            "RetryCatchFlow");
  }

  @ParameterizedTest
  @MethodSource("exampleFlows")
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
