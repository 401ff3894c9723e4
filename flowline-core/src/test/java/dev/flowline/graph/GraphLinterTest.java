package dev.flowline.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowSpec;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphLinterTest {
  private final GraphReader reader = new GraphReader();
  private final GraphLinter linter = new GraphLinter();

  private List<String> problems(Class<? extends FlowSpec> flow) {
    return linter.lint(reader.scan(flow)).problems().stream().map(GraphProblem::text).toList();
  }

  private static String unreachable(String step) {
    return "step '"
        + step
        + "': it cannot be reached from 'start'; go to it with next(this::"
        + step
        + ") from another step, or remove @Step from "
        + step
        + "().";
  }

  @Test
  void validFlowsAreClean() {
    for (var flow :
        List.of(
            ValidFlows.Linear.class,
            ValidFlows.BranchJoin.class,
            ValidFlows.ForeachJoin.class,
            ValidFlows.NestedForeach.class,
            ValidFlows.BranchInForeach.class,
            ValidFlows.ForeachInBranch.class,
            ValidFlows.Inherited.class,
            ValidFlows.WithParameters.class,
            ValidFlows.Decorated.class)) {
      assertThat(problems(flow)).as(flow.getSimpleName()).isEmpty();
    }
  }

  @Test
  void reservedWordsAndInvalidStepNames() {
    assertThat(problems(InvalidFlows.ReservedAndBadNames.class))
        .containsExactly(
            "step 'cmd': 'cmd' is a reserved word (cmd, current, foreach, index, input, mergeArtifacts, name,"
                + " next); rename the step method.",
            "step 'Shout': the name is not valid: a step name starts with a lower-case letter followed by"
                + " letters, digits or '_' ([a-z][A-Za-z0-9_]*); rename the step method, e.g. to 'shout'.",
            "step '_quiet': the name is not valid: a step name starts with a lower-case letter followed by"
                + " letters, digits or '_' ([a-z][A-Za-z0-9_]*); rename the step method, e.g. to 'quiet'.");
  }

  @Test
  void startAndEndAreRequired() {
    assertThat(problems(InvalidFlows.NoStartNoEnd.class))
        .containsExactly(
            "flow NoStartNoEnd has no step named 'start'; add the entry step: @Step void start() { ...;"
                + " next(this::firstStep); }.",
            "flow NoStartNoEnd has no step named 'end'; add the terminal step: @Step void end() { } and go to"
                + " it with next(this::end).",
            "step 'finish': it does not call next() or foreach(), but every step except end makes a"
                + " transition; end the step with next(this::<following step>), e.g. next(this::end).");
  }

  @Test
  void startHasNoIncomingTransition() {
    assertThat(problems(InvalidFlows.StartWithIncoming.class))
        .containsExactly(
            "step 'start': it has incoming transitions from [a], but the start step must have none; remove"
                + " next(this::start) from [a].",
            "step 'start': there is a loop in the flow: start->a->start; break the loop by changing"
                + " next(this::start) in step 'a'.",
            unreachable("end"));
  }

  @Test
  void endMakesNoTransition() {
    assertThat(problems(InvalidFlows.EndWithTransition.class))
        .containsExactly(
            "step 'end': the end step must not make a transition, but it calls next(extra); remove the call.",
            "step 'extra': it does not call next() or foreach(), but every step except end makes a"
                + " transition; end the step with next(this::<following step>), e.g. next(this::end).");
  }

  @Test
  void endIsNotAJoin() {
    assertThat(problems(InvalidFlows.EndIsJoin.class))
        .containsExactly(
            "step 'end': the end step must not be a join (it takes Inputs); add a join step void"
                + " join(Inputs<F> inputs) { next(this::end); } before it and remove the parameter from end().");
  }

  @Test
  void unknownTarget() {
    assertThat(problems(InvalidFlows.UnknownTarget.class))
        .containsExactly(
            "step 'start': it goes to 'helper', which is not a @Step method; annotate helper() with @Step, or"
                + " go to one of [start, end].",
            unreachable("end"));
  }

  @Test
  void cycleIsNamed() {
    assertThat(problems(InvalidFlows.Cycle.class))
        .containsExactly(
            "step 'a': there is a loop in the flow: a->b->a; break the loop by changing next(this::a) in step"
                + " 'b'.",
            unreachable("end"));
  }

  @Test
  void unreachableStep() {
    assertThat(problems(InvalidFlows.Unreachable.class)).containsExactly(unreachable("orphan"));
  }

  @Test
  void joinWithoutSplit() {
    assertThat(problems(InvalidFlows.JoinWithoutSplit.class))
        .containsExactly(
            "step 'join': it is a join (it takes Inputs) but no split leads to it; remove the Inputs"
                + " parameter, or reach it from every branch of a split (next(this::a, this::b) or foreach).");
  }

  @Test
  void splitWithoutJoin() {
    assertThat(problems(InvalidFlows.SplitWithoutJoin.class))
        .containsExactly(
            "step 'end': the end step is reached from [a, b] inside the split at 'start' before that split is joined; add"
                + " a join step (void join(Inputs<F> inputs)) that the branches of 'start' go to, and go from it"
                + " to 'end'.");
  }

  @Test
  void mismatchedJoinNamesExpectedAndActualBranches() {
    assertThat(problems(InvalidFlows.MismatchedJoin.class))
        .containsExactly(
            "step 'join': it joins [a] but the split at 'start' has branches [a, b]; make every branch of"
                + " 'start' end with next(this::join).",
            "step 'end': the end step is reached from [b] inside the split at 'start' before that split is joined; add"
                + " a join step (void join(Inputs<F> inputs)) that the branches of 'start' go to, and go from it"
                + " to 'end'.");
  }

  @Test
  void joinOfUnrelatedSplits() {
    assertThat(problems(InvalidFlows.UnrelatedSplits.class))
        .containsExactly(
            "step 'join': it joins steps from unrelated splits ([b] from the split at 'start', [a1, a2] from"
                + " the split at 'a'); join each split with its own join step, then join those.");
  }

  @Test
  void joinThatAlsoSplits() {
    assertThat(problems(InvalidFlows.JoinThatSplits.class))
        .containsExactly(
            "step 'join': it is both a join (it takes Inputs) and a split (it calls next(c, d)); add a"
                + " separate step after the join that splits.");
  }

  @Test
  void foreachDirectlyIntoAJoin() {
    // Java's types forbid foreach("items", this::join) with join(Inputs); a model built otherwise
    // can have it
    var model =
        new FlowModel(
            "EmptyForeach",
            "x.EmptyForeach",
            List.of(
                step("start", StepType.FOREACH, List.of("join"), Optional.of("items"), List.of()),
                step("join", StepType.JOIN, List.of("end"), Optional.empty(), List.of("start")),
                step("end", StepType.END, List.of(), Optional.empty(), List.of("join"))),
            List.of());
    assertThat(linter.lint(model).problems())
        .extracting(GraphProblem::text)
        .containsExactly(
            "step 'start': the foreach goes directly to the join 'join', so it has no body; add at least one"
                + " step between the foreach and the join, e.g. foreach(\"items\", this::body).");
  }

  private static StepModel step(
      String name,
      StepType type,
      List<String> next,
      Optional<String> foreach,
      List<String> inputs) {
    return new StepModel(name, type, next, foreach, inputs, List.of(), 0);
  }

  @Test
  void decoratorRules() {
    assertThat(problems(InvalidFlows.BadDecorators.class))
        .containsExactly(
            "step 'start': @Retry(times = 9) is out of range: times must be between 0 and 4; use a value from"
                + " 0 to 4, e.g. @Retry(times = 4).",
            "step 'start': @Catch is not allowed on a foreach step (a caught failure cannot produce the items"
                + " to iterate); remove @Catch from start(), or put it on the steps inside the foreach.",
            "step 'body': @Timeout has a total duration of 0 seconds; set seconds, minutes or hours to a"
                + " positive value, e.g. @Timeout(minutes = 10).",
            "step 'join': @Timeout has a negative part (seconds = 0, minutes = -1, hours = 0); use values of 0"
                + " or more, e.g. @Timeout(minutes = 10).");
  }

  @Test
  void decoratorRulesSeeWithValues() {
    FlowModel model =
        reader
            .read(ValidFlows.Linear.class)
            .withDecorators(
                List.of("retry:times=5", "timeout"),
                DecoratorRegistry.load(getClass().getClassLoader()));
    assertThat(linter.lint(model).problems())
        .extracting(GraphProblem::text)
        .contains(
            "step 'a': --with retry:times=5 is out of range: times must be between 0 and 4; use a value"
                + " from 0 to 4, e.g. --with retry:times=4.",
            "step 'a': @Timeout has a total duration of 0 seconds; set seconds, minutes or hours to a"
                + " positive value, e.g. @Timeout(minutes = 10).")
        .hasSize(6);
  }

  @Test
  void stepSignatures() {
    assertThat(problems(InvalidFlows.BadSignatures.class))
        .containsExactly(
            "step 'join': a join step is declared as void join(Inputs<F> inputs), but it is void (Inputs,"
                + " int); declare it as void join(Inputs<F> inputs), with no other parameter.",
            "step 'value': a step returns nothing, but it is String (); declare it as void value().",
            "step 'takesInt': a step takes no parameter (or one Inputs<F> parameter for a join), but it is"
                + " void (int); declare it as void takesInt(), or void takesInt(Inputs<F> inputs) for a join.",
            "step 'helper': the method is static, but a step runs on the flow object; remove 'static' from"
                + " helper().",
            "step 'helper': it does not call next() or foreach(), but every step except end makes a"
                + " transition; end the step with next(this::<following step>), e.g. next(this::end).");
  }

  @Test
  void transitionsThatCannotBeReadStatically() {
    var read = reader.scan(InvalidFlows.BadTransitions.class);
    int startLine = read.model().step("start").transitionLine();
    int cLine = read.model().step("c").transitionLine();
    assertThat(linter.lint(read).problems())
        .extracting(GraphProblem::text)
        .containsExactly(
            "step 'start': it calls next()/foreach() 2 times (lines "
                + startLine
                + ", "
                + (startLine + 2)
                + "), but a step makes exactly one transition (conditional transitions are not supported"
                + " yet); call next() or foreach() once, as the last statement of the step, with the same"
                + " targets on every path.",
            "step 'a': next()/foreach() is given a lambda, which does not name a step; replace the lambda"
                + " with a method reference to a @Step method, e.g. next(this::a).",
            "step 'b': the field name given to foreach() is not a string constant, so the graph cannot be"
                + " read without running the step; write the field name as a literal, e.g. foreach(\"items\","
                + " this::body).",
            "step 'c': it can return without calling next()/foreach() (at line "
                + (cLine + 2)
                + "), but a"
                + " step makes its transition on every path (conditional transitions are not supported yet);"
                + " make the next()/foreach() call unconditional, as the last statement of the step.",
            "step 'd': next()/foreach() is given a value computed in the step (local variable 1), not a"
                + " method reference, so the graph cannot be read without running the step; pass the method"
                + " reference directly, e.g. next(this::a).");
  }

  @Test
  void parameterNames() {
    String reserved =
        "(decospecs, max_log_size, max_num_splits, max_workers, namespace, obj, params, run_id, run_id_file,"
            + " runner_attribute_file, tag, tags, task_id, user_namespace, with)";
    assertThat(problems(InvalidFlows.BadParameters.class))
        .containsExactly(
            "parameter 'bad name' (field a): the name cannot be used as --bad name and METAFLOW_RUN_<NAME>: it"
                + " must start with a letter followed by letters, digits, '_' or '-'; set @Parameter(name ="
                + " \"...\") to a name such as 'a'.",
            "parameter 'with' (field with): 'with' is a reserved option name "
                + reserved
                + "; choose another name with @Parameter(name = \"...\").",
            "parameter 'ALPHA' (field beta) has the same name as parameter 'alpha' (field alpha); names are"
                + " compared ignoring case, '-' and '_' alike, because both map to METAFLOW_RUN_ALPHA; give one"
                + " of them another name with @Parameter(name = \"...\").",
            "parameter 'max-workers' (field workers): 'max-workers' is a reserved option name "
                + reserved
                + "; choose another name with @Parameter(name = \"...\").");
  }

  @Test
  void readThrowsOneExceptionWithEveryProblemAndLines() {
    int orphanLine = reader.scan(InvalidFlows.Unreachable.class).model().step("orphan").line();
    assertThatThrownBy(() -> reader.read(InvalidFlows.MismatchedJoin.class))
        .isInstanceOf(GraphException.class)
        .satisfies(e -> assertThat(((GraphException) e).problems()).hasSize(2))
        .hasMessageStartingWith("flow MismatchedJoin has 2 problems:\n  - line ");
    assertThatThrownBy(() -> reader.read(InvalidFlows.Unreachable.class))
        .hasMessage(
            "flow Unreachable has 1 problem:\n  - line "
                + orphanLine
                + ": "
                + unreachable("orphan"));
  }

  @Test
  void parameterProblemsFromReadingDoNotHideGraphProblems() {
    assertThat(problems(InvalidFlows.StaticParameterAndOrphan.class))
        .containsExactly(
            "parameter field 'shared' is static or transient, but a parameter is an artifact; make 'shared' an"
                + " instance field without 'static' and 'transient'.",
            unreachable("orphan"));
  }
}
