package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.argo.flows.BranchFlow;
import dev.flowline.argo.flows.ForeachFlow;
import dev.flowline.argo.flows.GangFlow;
import dev.flowline.argo.flows.LinearFlow;
import dev.flowline.argo.flows.NestedForeachFlow;
import dev.flowline.argo.flows.ParametersFlow;
import dev.flowline.argo.flows.ScheduledFlow;
import dev.flowline.kubernetes.codepackage.FetcherJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code argo-workflows create --only-yaml} for a set of flow shapes, compared with golden files in
 * {@code src/test/resources/golden} and validated against Argo Workflows v4.1.2 and v3.7.18
 * (unknown fields rejected). Regenerate with {@code -Dflowline.golden.update=true}. The code
 * fetcher jar ({@code FLOWLINE_BOOTSTRAP}) is shown as {@value #BOOTSTRAP_PLACEHOLDER}.
 */
class CreateOnlyJsonTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  static final String BOOTSTRAP_PLACEHOLDER = "(the code fetcher jar, base64)";

  @TempDir Path work;

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("linear", LinearFlow.class),
        Arguments.of("branch", BranchFlow.class),
        Arguments.of("foreach", ForeachFlow.class),
        Arguments.of("nested-foreach", NestedForeachFlow.class),
        Arguments.of("parameters", ParametersFlow.class),
        Arguments.of("scheduled", ScheduledFlow.class),
        Arguments.of("gang", GangFlow.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void printsTheGoldenWorkflowTemplateAndItIsValidForBothArgoMajors(String name, Class<?> flow)
      throws Exception {
    var r = ArgoCli.run(flow, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    var docs = new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(r.out()).readAll();
    assertThat(docs).isNotEmpty();
    docs.forEach(ArgoSchemas::assertValid);
    assertThat(r.out()).contains(FetcherJar.base64());

    var yaml = ArgoCli.run(flow, ArgoCli.env(work), work, "create", "--only-yaml");
    assertThat(yaml.code()).as(yaml.all()).isZero();
    String shown = yaml.out().replace(FetcherJar.base64(), BOOTSTRAP_PLACEHOLDER);
    Path file = GOLDEN.resolve(name + ".yaml");
    if (Boolean.getBoolean("flowline.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, shown, StandardCharsets.UTF_8);
    }
    assertThat(shown)
        .as(
            "golden file %s (regenerate with -Dflowline.golden.update=true and review the diff)",
            file)
        .isEqualTo(
            Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "<missing>");
  }
}
