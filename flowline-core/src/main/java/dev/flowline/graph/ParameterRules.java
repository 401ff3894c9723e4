package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import dev.flowline.model.ParameterModel;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks parameter names: each must work as {@code --name} and as {@code METAFLOW_RUN_<NAME>} (a
 * letter, then letters, digits, {@code _} or {@code -}), must not be one of Metaflow's reserved
 * option names, and must be unique ignoring case and treating {@code -} and {@code _} alike (they
 * map to the same variable).
 */
final class ParameterRules implements GraphRule {
  /** Metaflow's reserved parameter names, in their {@code _} form. */
  static final Set<String> RESERVED =
      Set.of(
          "params",
          "with",
          "tag",
          "namespace",
          "obj",
          "tags",
          "decospecs",
          "run_id_file",
          "max_num_splits",
          "max_workers",
          "max_log_size",
          "user_namespace",
          "run_id",
          "task_id",
          "runner_attribute_file");

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  @Override
  public void check(FlowModel model, List<GraphProblem> problems) {
    var byKey = new HashMap<String, ParameterModel>();
    for (ParameterModel p : model.parameters()) {
      String name = p.name();
      String key = name.replace('-', '_').toLowerCase(Locale.ROOT);
      if (!NAME.matcher(name).matches()) {
        problems.add(
            new GraphProblem(
                "",
                "parameter '"
                    + name
                    + "' (field "
                    + p.fieldName()
                    + "): the name cannot be used as --"
                    + name
                    + " and METAFLOW_RUN_<NAME>: it must start with a letter followed by letters, digits, '_'"
                    + " or '-'",
                "set @Parameter(name = \"...\") to a name such as '"
                    + p.fieldName().replaceAll("[^A-Za-z0-9_-]", "")
                    + "'",
                0));
      } else if (RESERVED.contains(key)) {
        problems.add(
            new GraphProblem(
                "",
                "parameter '"
                    + name
                    + "' (field "
                    + p.fieldName()
                    + "): '"
                    + name
                    + "' is a reserved option name ("
                    + String.join(", ", RESERVED.stream().sorted().toList())
                    + ")",
                "choose another name with @Parameter(name = \"...\")",
                0));
      }
      ParameterModel previous = byKey.putIfAbsent(key, p);
      if (previous != null) {
        problems.add(
            new GraphProblem(
                "",
                "parameter '"
                    + name
                    + "' (field "
                    + p.fieldName()
                    + ") has the same name as parameter '"
                    + previous.name()
                    + "' (field "
                    + previous.fieldName()
                    + "); names are compared ignoring case,"
                    + " '-' and '_' alike, because both map to METAFLOW_RUN_"
                    + key.toUpperCase(Locale.ROOT),
                "give one of them another name with @Parameter(name = \"...\")",
                0));
      }
    }
  }
}
