package dev.flowline.cli;

import dev.flowline.FlowSpec;
import dev.flowline.graph.GraphException;
import dev.flowline.graph.GraphLinter;
import dev.flowline.graph.GraphReader;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.DecoratorSpecException;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.util.List;
import java.util.stream.Collectors;

/** The CLI's access to the static graph: reading and linting (problems become exit code 2), rendering. */
final class FlowGraphs {
  private FlowGraphs() {}

  /**
   * The model of {@code flowClass}, linted.
   *
   * @throws UsageException listing every problem
   */
  static FlowModel readLinted(Class<? extends FlowSpec> flowClass) {
    try {
      return new GraphReader().read(flowClass);
    } catch (GraphException e) {
      throw new UsageException(e.getMessage() + "\nNothing was run. Fix the problems above; 'check' lists them.", e);
    }
  }

  /**
   * {@code model} with {@code --with} decorators on every step, linted again.
   *
   * @throws UsageException listing every bad spec or problem
   */
  static FlowModel withDecorators(FlowModel model, List<String> specs, ClassLoader loader) {
    if (specs.isEmpty()) {
      return model;
    }
    try {
      FlowModel with = model.withDecorators(specs, DecoratorRegistry.load(loader));
      new GraphLinter().lint(with).throwIfProblems();
      return with;
    } catch (DecoratorSpecException | GraphException e) {
      throw new UsageException(e.getMessage() + "\nNothing was run.", e);
    }
  }

  /** {@code model} drawn as {@code text}, {@code mermaid} or {@code dot}. */
  static String render(FlowModel model, String format) {
    return switch (format) {
      case "mermaid" -> mermaid(model);
      case "dot" -> dot(model);
      default -> text(model);
    };
  }

  private static String text(FlowModel model) {
    var sb = new StringBuilder();
    sb.append("Flow ").append(model.name()).append(" (").append(model.className()).append(")\n");
    for (var p : model.parameters()) {
      sb.append("  parameter --").append(p.name()).append(" (").append(p.javaType())
          .append(p.required() ? ", required" : "").append(")")
          .append(p.help().isEmpty() ? "" : ": " + p.help()).append('\n');
    }
    for (StepModel s : model.steps()) {
      sb.append("\nStep ").append(s.name()).append(" [").append(s.type().name().toLowerCase()).append("]");
      s.decorators().forEach(d -> sb.append(" @").append(d.name()).append(d.attributes().isEmpty() ? "" : d.attributes().toString()));
      sb.append('\n');
      if (!s.next().isEmpty()) {
        sb.append("    => ")
            .append(s.foreachField().map(f -> "foreach " + f + ": ").orElse(""))
            .append(String.join(", ", s.next()))
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static String mermaid(FlowModel model) {
    var sb = new StringBuilder("flowchart TD\n");
    for (StepModel s : model.steps()) {
      sb.append("  ").append(s.name()).append("[\"").append(s.name()).append("\"]\n");
    }
    for (StepModel s : model.steps()) {
      for (String n : s.next()) {
        String label = s.foreachField().map(f -> "|foreach " + f + "|").orElse("");
        sb.append("  ").append(s.name()).append(" -->").append(label).append(' ').append(n).append('\n');
      }
    }
    return sb.toString();
  }

  private static String dot(FlowModel model) {
    var edges =
        model.steps().stream()
            .flatMap(
                s ->
                    s.next().stream()
                        .map(
                            n ->
                                "  \"" + s.name() + "\" -> \"" + n + "\""
                                    + s.foreachField().map(f -> " [label=\"foreach " + f + "\"]").orElse("")
                                    + ";"))
            .collect(Collectors.joining("\n"));
    var nodes =
        model.steps().stream().map(s -> "  \"" + s.name() + "\";").collect(Collectors.joining("\n"));
    return "digraph " + model.name() + " {\n" + nodes + "\n" + edges + "\n}\n";
  }
}
