package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.Flowline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long flows (generated single-file flows, compiled on the fly as {@code bin/flowline X.java}
 * does): 50 steps compile to a valid template well under the size limit, the code fetcher is held
 * once; a flow whose template would pass the limit is refused before anything is created.
 */
class WideFlowTest {
  @TempDir Path work;

  /** A linear flow of {@code n} steps: start, s1 ... s(n-2), end. */
  private Path flow(String name, int n) throws Exception {
    StringBuilder src = new StringBuilder();
    src.append("import dev.flowline.FlowSpec;\nimport dev.flowline.Step;\n");
    src.append("public class ").append(name).append(" extends FlowSpec {\n  int x;\n");
    src.append("  @Step void start() { next(this::s1); }\n");
    for (int i = 1; i <= n - 2; i++) {
      String next = i == n - 2 ? "end" : "s" + (i + 1);
      src.append("  @Step void s")
          .append(i)
          .append("() { x++; next(this::")
          .append(next)
          .append("); }\n");
    }
    src.append("  @Step void end() {}\n}\n");
    Path file = work.resolve(name + ".java");
    Files.writeString(file, src);
    return file;
  }

  private ArgoCli.Result create(Path file) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Flowline.execute(
            List.of(file.toString(), "argo-workflows", "create", "--only-json"),
            ArgoCli.env(work),
            work,
            getClass().getClassLoader(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new ArgoCli.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFiftyStepFlowCompilesToAValidTemplateWellUnderTheLimit() throws Exception {
    var r = create(flow("FiftySteps", 50));
    assertThat(r.code()).as(r.all()).isZero();
    JsonNode wt = new ObjectMapper().readTree(r.out());
    ArgoSchemas.assertValid(wt);
    assertThat(wt.at("/spec/templates"))
        .hasSize(50 + 3); // the steps, the DAG, the exit hook, the pending watchdog
    int size = wt.toString().getBytes(StandardCharsets.UTF_8).length;
    System.out.println("FiftySteps WorkflowTemplate: " + size + " bytes");
    assertThat(size).isLessThan(400_000);
    assertThat(
            r.out()
                .split(
                    java.util.regex.Pattern.quote(
                        dev.flowline.kubernetes.codepackage.FetcherJar.base64()),
                    -1))
        .as("the code fetcher is in the template once")
        .hasSize(2);
  }

  @Test
  void aFlowWhoseTemplatePassesTheLimitIsRefused() throws Exception {
    var r = create(flow("HugeFlow", 400));
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .containsPattern("WorkflowTemplate hugeflow: \\d+ bytes, more than 1000000")
        .contains("split it into flows chained with @TriggerOnFinish")
        .contains("Nothing was created.");
  }
}
