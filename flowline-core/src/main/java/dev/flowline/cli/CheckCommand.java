package dev.flowline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check}: lints the flow's graph and reports every problem at once (exit code 2 when any).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Check the flow's graph, parameters and decorators; report every problem at once."
            + " Exit code 2 when there is any.")
final class CheckCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(
      names = "--with",
      paramLabel = "NAME[:k=v,...]",
      description = "Add a step decorator to every step (repeatable).")
  List<String> with = new ArrayList<>();

  CheckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var model = context.model(with);
    context
        .out()
        .println(
            "Flow "
                + model.name()
                + " is valid: "
                + model.steps().size()
                + " steps, "
                + model.parameters().size()
                + " parameters.");
    return ExitCodes.OK;
  }
}
