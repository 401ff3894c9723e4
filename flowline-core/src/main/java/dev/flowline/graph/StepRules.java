package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks on each step alone and on start and end (Metaflow's reserved_words, basic_steps,
 * start_end_degree, that_end_is_end, step_names, static_transitions, unknown_transitions, plus
 * join-and-split and empty foreach).
 *
 * <p>Step names: Metaflow allows {@code [a-z0-9_]} not starting with {@code _}; Java methods are
 * usually camelCase, so Flowline accepts {@code [a-z][A-Za-z0-9_]*}: a lower-case letter, then
 * letters, digits or {@code _}. Reserved words are Metaflow's ({@code name}, {@code next}, {@code
 * input}, {@code index}, {@code cmd}) and the names of {@code FlowSpec}'s own methods ({@code
 * foreach}, {@code current}, {@code mergeArtifacts}).
 */
final class StepRules implements GraphRule {
  /** Names a step may not have. */
  static final Set<String> RESERVED =
      Set.of("name", "next", "input", "index", "cmd", "foreach", "current", "mergeArtifacts");

  private static final Pattern STEP_NAME = Pattern.compile("[a-z][A-Za-z0-9_]*");

  @Override
  public void check(FlowModel model, List<GraphProblem> problems) {
    for (StepModel step : model.steps()) {
      checkName(step, problems);
    }
    checkStartAndEnd(model, problems);
    for (StepModel step : model.steps()) {
      checkTransition(model, step, problems);
    }
  }

  private static void checkName(StepModel step, List<GraphProblem> problems) {
    String name = step.name();
    if (RESERVED.contains(name)) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': '"
                  + name
                  + "' is a reserved word ("
                  + String.join(", ", RESERVED.stream().sorted().toList())
                  + ")",
              "rename the step method",
              step.line()));
    } else if (!STEP_NAME.matcher(name).matches()) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': the name is not valid: a step name starts with a lower-case letter"
                  + " followed by letters, digits or '_' ([a-z][A-Za-z0-9_]*)",
              "rename the step method, e.g. to '" + suggestion(name) + "'",
              step.line()));
    }
  }

  private static String suggestion(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9_]", "").replaceFirst("^[^A-Za-z]+", "");
    if (cleaned.isEmpty()) {
      return "step1";
    }
    return Character.toLowerCase(cleaned.charAt(0)) + cleaned.substring(1);
  }

  private static void checkStartAndEnd(FlowModel model, List<GraphProblem> problems) {
    var start = model.findStep(FlowModel.START);
    if (start.isEmpty()) {
      problems.add(
          new GraphProblem(
              "",
              "flow " + model.name() + " has no step named 'start'",
              "add the entry step: @Step void start() { ...; next(this::firstStep); }",
              0));
    } else if (!start.get().inputs().isEmpty()) {
      problems.add(
          new GraphProblem(
              FlowModel.START,
              "step 'start': it has incoming transitions from "
                  + start.get().inputs()
                  + ", but the start step must have none",
              "remove next(this::start) from " + start.get().inputs(),
              start.get().line()));
    }
    var end = model.findStep(FlowModel.END);
    if (end.isEmpty()) {
      problems.add(
          new GraphProblem(
              "",
              "flow " + model.name() + " has no step named 'end'",
              "add the terminal step: @Step void end() { } and go to it with next(this::end)",
              0));
      return;
    }
    StepModel e = end.get();
    if (!e.next().isEmpty()) {
      problems.add(
          new GraphProblem(
              FlowModel.END,
              "step 'end': the end step must not make a transition, but it calls "
                  + TransitionCheck.describe(e.next(), e.foreachField()),
              "remove the call",
              e.transitionLine() > 0 ? e.transitionLine() : e.line()));
    }
    if (e.isJoin()) {
      problems.add(
          new GraphProblem(
              FlowModel.END,
              "step 'end': the end step must not be a join (it takes Inputs)",
              "add a join step void join(Inputs<F> inputs) { next(this::end); } before it and remove the"
                  + " parameter from end()",
              e.line()));
    }
  }

  private static void checkTransition(
      FlowModel model, StepModel step, List<GraphProblem> problems) {
    String name = step.name();
    boolean isEnd = name.equals(FlowModel.END);
    if (!isEnd && step.next().isEmpty() && step.transitionLine() == 0) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': it does not call next() or foreach(), but every step except end makes"
                  + " a transition",
              "end the step with next(this::<following step>), e.g. next(this::end)",
              step.line()));
    }
    for (String target : step.next()) {
      if (model.findStep(target).isEmpty()) {
        problems.add(
            new GraphProblem(
                name,
                "step '" + name + "': it goes to '" + target + "', which is not a @Step method",
                "annotate " + target + "() with @Step, or go to one of " + model.stepNames(),
                step.transitionLine()));
      }
    }
    if (step.isJoin()
        && !isEnd
        && (step.next().size() > 1 || step.foreachField().isPresent() || step.startsGang())) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': it is both a join (it takes Inputs) and a split (it calls "
                  + TransitionCheck.describe(step.next(), step.foreachField())
                  + ")",
              "add a separate step after the join that splits",
              step.transitionLine()));
    }
    if (step.type() == StepType.FOREACH) {
      step.next().stream()
          .map(model::findStep)
          .flatMap(java.util.Optional::stream)
          .filter(StepModel::isJoin)
          .forEach(
              join ->
                  problems.add(
                      new GraphProblem(
                          name,
                          "step '"
                              + name
                              + "': the foreach goes directly to the join '"
                              + join.name()
                              + "', so it has no body",
                          "add at least one step between the foreach and the join, e.g. foreach(\""
                              + step.foreachField().orElse("items")
                              + "\", this::body)",
                          step.transitionLine())));
    }
  }
}
