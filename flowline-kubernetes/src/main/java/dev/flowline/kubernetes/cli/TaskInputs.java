package dev.flowline.kubernetes.cli;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the inputs of the task that {@code kubernetes render} prints against the graph, so that
 * the printed {@code step} command is complete: every step but {@code start} reads its input tasks
 * ({@code --input-paths RUN/STEP/TASK,...}, all of the rendered run, each of a step that leads into
 * it, at least one per incoming step for a join, exactly one otherwise), and the first step of a
 * foreach body needs its item's {@code --split-index}.
 */
final class TaskInputs {
  private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}_$][\\p{L}\\p{N}_$.-]{0,199}");

  private TaskInputs() {}

  /**
   * Checks {@code --input-paths} and {@code --split-index} as given (null when absent) for a task
   * of {@code step} in run {@code runId}; every problem found, each a complete message.
   */
  static List<String> problems(
      FlowModel flow, StepModel step, String runId, String inputPathsOrNull, Integer splitOrNull) {
    List<String> problems = new ArrayList<>();
    String name = step.name();
    List<String> given =
        inputPathsOrNull == null
            ? List.of()
            : List.of(inputPathsOrNull.split(",", -1)).stream().map(String::trim).toList();
    if (step.inputs().isEmpty()) {
      if (inputPathsOrNull != null) {
        problems.add(
            "--input-paths: value \""
                + inputPathsOrNull
                + "\" is not allowed: step '"
                + name
                + "' is the first step and has no input tasks. Remove --input-paths.");
      }
    } else if (inputPathsOrNull == null) {
      problems.add(
          "--input-paths: missing: step '"
              + name
              + "' reads the artifacts of "
              + describe(step)
              + ", and its command names them. Give them as RUN/STEP/TASK, comma-separated, e.g."
              + " --input-paths "
              + example(step, runId)
              + ".");
    } else {
      Set<String> seenSteps = new LinkedHashSet<>();
      for (String path : given) {
        String[] parts = path.split("/", -1);
        if (parts.length != 3 || !validIds(parts)) {
          problems.add(
              "--input-paths: value \""
                  + path
                  + "\" is not RUN/STEP/TASK (three ids of letters, digits, '_', '$', '.' and '-',"
                  + " not starting with '.' or '-'). Use e.g. "
                  + example(step, runId)
                  + ".");
          continue;
        }
        if (!parts[0].equals(runId)) {
          problems.add(
              "--input-paths: value \""
                  + path
                  + "\" is a task of run "
                  + parts[0]
                  + ", but input tasks belong to the run being rendered (--run-id "
                  + runId
                  + "). Use e.g. "
                  + runId
                  + "/"
                  + parts[1]
                  + "/"
                  + parts[2]
                  + ".");
        }
        if (!step.inputs().contains(parts[1])) {
          problems.add(
              "--input-paths: value \""
                  + path
                  + "\" is a task of step '"
                  + parts[1]
                  + "', which does not lead into '"
                  + name
                  + "' (its input steps: "
                  + quoted(step.inputs())
                  + "). Use e.g. "
                  + example(step, runId)
                  + ".");
        }
        seenSteps.add(parts[1]);
      }
      if (step.type() == StepType.JOIN) {
        List<String> missing = step.inputs().stream().filter(s -> !seenSteps.contains(s)).toList();
        if (!missing.isEmpty() && problems.isEmpty()) {
          problems.add(
              "--input-paths: value \""
                  + inputPathsOrNull
                  + "\" has no task of "
                  + (missing.size() == 1 ? "step " : "steps ")
                  + quoted(missing)
                  + ": join '"
                  + name
                  + "' reads a task of every step that leads into it. Use e.g. "
                  + example(step, runId)
                  + ".");
        }
      } else if (given.size() != 1) {
        problems.add(
            "--input-paths: value \""
                + inputPathsOrNull
                + "\" names "
                + given.size()
                + " tasks, but step '"
                + name
                + "' is not a join and reads exactly one. Use e.g. "
                + example(step, runId)
                + ".");
      }
    }
    if (step.isGang()) {
      if (splitOrNull != null) {
        problems.add(
            "--split-index: value \""
                + splitOrNull
                + "\" is not allowed: step '"
                + name
                + "' is a @Parallel step, rendered as one JobSet for the whole gang, whose pods"
                + " take their node index from the JobSet. Remove --split-index; --task-id is the"
                + " control node's.");
      }
      return problems;
    }
    Optional<String> foreach =
        step.inputs().stream()
            .filter(s -> flow.step(s).type() == StepType.FOREACH && step.type() != StepType.JOIN)
            .findFirst();
    if (foreach.isPresent() && splitOrNull == null) {
      problems.add(
          "--split-index: missing: step '"
              + name
              + "' runs once per item of the foreach in '"
              + foreach.get()
              + "', and its command names the item. Give the item's index, e.g. --split-index 0.");
    } else if (foreach.isEmpty() && splitOrNull != null) {
      problems.add(
          "--split-index: value \""
              + splitOrNull
              + "\" is not allowed: step '"
              + name
              + "' is not the first step of a foreach body. Remove --split-index.");
    } else if (splitOrNull != null && splitOrNull < 0) {
      problems.add(
          "--split-index: value \""
              + splitOrNull
              + "\" is negative (foreach items are counted from 0). Use e.g. --split-index 0.");
    }
    return problems;
  }

  private static boolean validIds(String[] parts) {
    for (String p : parts) {
      if (!ID.matcher(p).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String describe(StepModel step) {
    if (step.type() != StepType.JOIN) {
      return "the task of step '" + step.inputs().get(0) + "' before it";
    }
    if (step.inputs().size() == 1) {
      return "every task of step '" + step.inputs().get(0) + "' (one per foreach item)";
    }
    return "one task of each of the steps " + quoted(step.inputs());
  }

  /** An example value: run {@code runId}, task ids 2, 3, ... */
  private static String example(StepModel step, String runId) {
    List<String> steps = new ArrayList<>(step.inputs());
    if (step.type() == StepType.JOIN && steps.size() == 1) {
      steps.add(steps.get(0));
    }
    if (step.type() != StepType.JOIN) {
      steps = steps.subList(0, 1);
    }
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      paths.add(runId + "/" + steps.get(i) + "/" + (i + 2));
    }
    return String.join(",", paths);
  }

  private static String quoted(List<String> names) {
    return names.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
  }
}
