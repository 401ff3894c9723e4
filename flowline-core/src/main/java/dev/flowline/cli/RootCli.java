package dev.flowline.cli;

import dev.flowline.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The commands that concern no flow ({@code bin/flowline configure show}) and the top-level help.
 */
public final class RootCli {
  private static final Set<String> FLOWLESS =
      Set.of("configure", "-h", "--help", "help", "-V", "--version");

  private final Map<String, String> env;
  private final Path workDir;
  private final PrintWriter out;
  private final PrintWriter err;

  /** The flow-less command line. */
  public RootCli(Map<String, String> env, Path workDir, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.workDir = workDir;
    this.out = out;
    this.err = err;
  }

  /** Whether {@code first} (the first argument) is a flow-less command rather than a FLOW. */
  public static boolean handles(String first) {
    return FLOWLESS.contains(first);
  }

  /** Root of {@code bin/flowline}. */
  @Command(
      name = "flowline",
      mixinStandardHelpOptions = true,
      version = "Flowline 0.1.0",
      synopsisHeading = "Usage: ",
      customSynopsis = {
        "flowline FLOW (run|resume|show|check|dump|logs|tag|kubernetes ...) [OPTIONS]",
        "       flowline configure show [--json]"
      },
      description = {
        "Runs Java flows: FLOW is a flow class name on the class path (e.g. dev.flowline.examples.HelloFlow)"
            + " or the path of a single .java file, compiled on the fly and cached.",
        "'flowline FLOW --help' lists the commands of a flow; 'flowline FLOW COMMAND --help' their options.",
        "Exit codes: 0 success, 1 a task or run failed, 2 bad usage, configuration or graph (nothing was run)."
      })
  static final class Root implements Runnable {
    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing FLOW or command.");
    }
  }

  /** Runs {@code args}: the exit code. */
  public int execute(List<String> args) {
    var root = new CommandLine(new Root());
    root.addSubcommand(
        "configure", ConfigureCommand.commandLine(() -> Config.load(env, workDir), out, err));
    root.setOut(out);
    root.setErr(err);
    root.setExecutionExceptionHandler(new ErrorHandler(err));
    root.setParameterExceptionHandler(new ErrorHandler(err));
    return root.execute(args.toArray(String[]::new));
  }
}
