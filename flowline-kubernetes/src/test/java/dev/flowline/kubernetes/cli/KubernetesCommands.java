package dev.flowline.kubernetes.cli;

import dev.flowline.cli.FlowCommandGroup;
import dev.flowline.cli.FlowContext;
import dev.flowline.config.Config;
import dev.flowline.model.FlowModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;

/**
 * Runs {@code FLOW kubernetes ...} in process, as {@code bin/flowline} would, and keeps what it
 * says.
 */
final class KubernetesCommands {
  /**
   * What a command did.
   *
   * @param code the exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int code, String out, String err) {
    /** Both streams, for assertion messages. */
    String all() {
      return "exit code " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private KubernetesCommands() {}

  /** Runs {@code kubernetes ARGS} for {@code flow} with {@code config}. */
  static Result run(FlowModel flow, Config config, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    FlowContext ctx =
        new FlowContext() {
          @Override
          public FlowModel flow() {
            return flow;
          }

          @Override
          public Config config() {
            return config;
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
    int code = new CommandLine(group.create(ctx)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
