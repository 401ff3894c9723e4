package dev.flowline.cli;

import dev.flowline.FlowSpec;
import dev.flowline.graph.GraphException;
import dev.flowline.graph.GraphFormat;
import dev.flowline.graph.GraphLinter;
import dev.flowline.graph.GraphReader;
import dev.flowline.graph.GraphRenderer;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.DecoratorSpecException;
import dev.flowline.model.FlowModel;
import java.util.List;

/**
 * The CLI's access to the static graph: reading and linting (problems become exit code 2),
 * rendering.
 */
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
      throw new UsageException(
          e.getMessage() + "\nNothing was run. Fix the problems above; 'check' lists them.", e);
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

  /**
   * {@code model} drawn as {@code text}, {@code mermaid} or {@code dot} (see {@link GraphRenderer};
   * its Mermaid ids are prefixed because {@code end} is a Mermaid keyword).
   *
   * @throws UsageException naming the valid formats
   */
  static String render(FlowModel model, String format) {
    try {
      return new GraphRenderer().render(model, GraphFormat.parse(format));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
