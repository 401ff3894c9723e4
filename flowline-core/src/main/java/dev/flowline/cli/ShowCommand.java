package dev.flowline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code show}: prints the flow's graph as text, Mermaid or Graphviz dot. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Print the flow's graph: its steps, their kinds, next steps and decorators.")
final class ShowCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description =
          "Output format: text, mermaid (flowchart) or dot (Graphviz). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--with",
      paramLabel = "NAME[:k=v,...]",
      description = "Add a step decorator to every step (repeatable).")
  List<String> with = new ArrayList<>();

  ShowCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().print(FlowGraphs.render(context.model(with), format));
    context.out().flush();
    return ExitCodes.OK;
  }
}
