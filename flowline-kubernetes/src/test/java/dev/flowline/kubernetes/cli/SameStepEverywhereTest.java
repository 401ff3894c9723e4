package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Environment;
import dev.flowline.FlowSpec;
import dev.flowline.Resources;
import dev.flowline.Retry;
import dev.flowline.Step;
import dev.flowline.Timeout;
import dev.flowline.cli.FlowCommandGroup;
import dev.flowline.cli.FlowContext;
import dev.flowline.config.Config;
import dev.flowline.graph.GraphReader;
import dev.flowline.kubernetes.Kubernetes;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.TaskPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The reproduction of issue 7: one step with annotations and conflicting {@code --with} options
 * means the same thing to the local runtime ({@link TaskPolicy}) and to {@code kubernetes render}:
 * the annotation wins per attribute, {@code --with} fills in what the annotation does not write.
 * Before the decorators were resolved once in the model, the Job got 120 s, {@code {A=with,
 * B=with}} and 4096 MB while the local runtime used 10 minutes and {@code {A=annotation}}.
 */
class SameStepEverywhereTest {
  private static final List<String> WITH =
      List.of(
          "timeout:minutes=2",
          "environment:vars=[\"A=with\",\"B=with\"]",
          "resources:cpu=2",
          "retry:times=4");

  @TempDir Path tmp;

  /** The flow of the reproduction. */
  public static class ReproFlow extends FlowSpec {
    @Step
    public void start() {
      next(this::train);
    }

    @Timeout(minutes = 10)
    @Environment(vars = "A=annotation")
    @Resources(memory = 9000)
    @Retry(times = 1)
    @Kubernetes
    @Step
    public void train() {
      next(this::end);
    }

    @Step
    public void end() {}
  }

  private FlowModel modelWithOptions() {
    return new GraphReader()
        .read(ReproFlow.class)
        .withDecorators(WITH, DecoratorRegistry.load(getClass().getClassLoader()));
  }

  @Test
  void theLocalRuntimeUsesTheAnnotationPerAttributeAndWithForTheRest() {
    TaskPolicy local = TaskPolicy.of(modelWithOptions().step("train"));

    assertThat(local.timeout()).contains(Duration.ofMinutes(10));
    assertThat(local.environment()).containsExactly(Map.entry("A", "annotation"));
    assertThat(local.retries()).isEqualTo(1);
    assertThat(local.resources().memoryMb()).contains(9000L);
    assertThat(local.resources().cpu()).contains("2");
  }

  @Test
  void kubernetesRenderGivesTheSameTimeoutEnvironmentAndResources() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new java.util.ArrayList<>(List.of("render", "train", "--input-paths", "1/start/2"));
    WITH.forEach(w -> args.addAll(List.of("--with", w)));

    int exit = render(new GraphReader().read(ReproFlow.class), out, err, args);

    assertThat(exit).as(err.toString()).isZero();
    String job = out.toString();
    assertThat(job).contains("activeDeadlineSeconds: 600");
    assertThat(job).containsPattern("name: \"A\"\\s+value: \"annotation\"");
    assertThat(job).doesNotContain("name: \"B\"").doesNotContain("\"with\"");
    assertThat(job).contains("cpu: \"2\"").contains("memory: \"9000M\"");
    assertThat(modelWithOptions().step("train").resolved().retry().orElseThrow().times())
        .isEqualTo(TaskPolicy.of(modelWithOptions().step("train")).retries());
  }

  private int render(FlowModel model, StringWriter out, StringWriter err, List<String> args) {
    Map<String, String> env = new HashMap<>();
    env.put("METAFLOW_HOME", tmp.resolve("home").toString());
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    FlowContext ctx =
        new FlowContext() {
          @Override
          public FlowModel flow() {
            return model;
          }

          @Override
          public Config config() {
            return Config.load(env, tmp);
          }

          @Override
          public PrintWriter out() {
            return new PrintWriter(out, true);
          }

          @Override
          public PrintWriter err() {
            return new PrintWriter(err, true);
          }
        };
    FlowCommandGroup group =
        ServiceLoader.load(FlowCommandGroup.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(g -> g.name().equals("kubernetes"))
            .findFirst()
            .orElseThrow();
    return new CommandLine(group.create(ctx)).execute(args.toArray(String[]::new));
  }
}
