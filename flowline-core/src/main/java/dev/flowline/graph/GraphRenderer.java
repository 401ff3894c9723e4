package dev.flowline.graph;

import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.ParameterModel;
import dev.flowline.model.StepModel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a flow model for {@code show}: as text, as a Mermaid flowchart or as a Graphviz digraph.
 * The output depends only on the model (steps in graph order, attributes in the order written), so
 * it is deterministic.
 */
public final class GraphRenderer {

  /** {@code model} in {@code format}, ending with a newline. */
  public String render(FlowModel model, GraphFormat format) {
    return switch (format) {
      case TEXT -> text(model);
      case MERMAID -> mermaid(model);
      case DOT -> dot(model);
    };
  }

  private static String text(FlowModel model) {
    var out = new StringBuilder();
    out.append("Flow ").append(model.name()).append(" (").append(model.className()).append(")\n");
    if (!model.parameters().isEmpty()) {
      out.append("\nParameters:\n");
      for (ParameterModel p : model.parameters()) {
        out.append("    --").append(p.name()).append(" (").append(simpleName(p.javaType()));
        out.append(p.required() ? ", required)" : ")");
        if (!p.help().isEmpty()) {
          out.append(": ").append(p.help());
        }
        out.append('\n');
      }
    }
    for (StepModel step : model.steps()) {
      out.append("\nStep ").append(step.name()).append(" (").append(typeName(step)).append(")\n");
      for (DecoratorSpec d : step.decorators()) {
        out.append("    ").append(decorator(d)).append('\n');
      }
      if (!step.next().isEmpty()) {
        out.append("    => ").append(String.join(", ", step.next())).append('\n');
      }
    }
    return out.toString();
  }

  private static String typeName(StepModel step) {
    String type = step.type().name().toLowerCase(Locale.ROOT);
    if (step.startsGang()) {
      return "gang of " + step.numParallel();
    }
    return step.foreachField().map(f -> type + " over " + f).orElse(type);
  }

  private static String decorator(DecoratorSpec d) {
    String origin = d.origin() == DecoratorSpec.Origin.COMMAND_LINE ? " (--with)" : "";
    if (d.attributes().isEmpty()) {
      return "@" + d.name() + origin;
    }
    String attributes =
        d.attributes().entrySet().stream()
            .map(e -> e.getKey() + "=" + value(e.getValue()))
            .collect(Collectors.joining(", "));
    return "@" + d.name() + "(" + attributes + ")" + origin;
  }

  private static String value(Object value) {
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (value instanceof List<?> list) {
      return list.stream().map(GraphRenderer::value).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> e.getKey() + "=" + value(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return String.valueOf(value);
  }

  private static String mermaid(FlowModel model) {
    var out = new StringBuilder("flowchart TD\n");
    for (StepModel step : model.steps()) {
      out.append("    step_").append(step.name()).append("[\"").append(step.name()).append("\"]\n");
    }
    for (StepModel step : model.steps()) {
      for (String target : step.next()) {
        out.append("    step_").append(step.name()).append(" -->");
        step.foreachField().ifPresent(f -> out.append("|\"foreach ").append(f).append("\"|"));
        if (step.startsGang()) {
          out.append("|\"parallel(").append(step.numParallel()).append(")\"|");
        }
        out.append(" step_").append(target).append('\n');
      }
    }
    return out.toString();
  }

  private static String dot(FlowModel model) {
    var out = new StringBuilder("digraph \"").append(model.name()).append("\" {\n");
    out.append("    node [shape=box];\n");
    for (StepModel step : model.steps()) {
      out.append("    \"").append(step.name()).append("\";\n");
    }
    for (StepModel step : model.steps()) {
      for (String target : step.next()) {
        out.append("    \"").append(step.name()).append("\" -> \"").append(target).append('"');
        step.foreachField()
            .ifPresent(f -> out.append(" [label=\"foreach ").append(f).append("\"]"));
        if (step.startsGang()) {
          out.append(" [label=\"parallel(").append(step.numParallel()).append(")\"]");
        }
        out.append(";\n");
      }
    }
    return out.append("}\n").toString();
  }

  private static String simpleName(String className) {
    return className.substring(
        Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
  }
}
