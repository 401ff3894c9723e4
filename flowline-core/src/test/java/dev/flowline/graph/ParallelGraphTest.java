package dev.flowline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Catch;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parallel;
import dev.flowline.Step;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gangs in the static graph: {@code next(this::train, parallel(n))}, {@code @Parallel}, lint. */
class ParallelGraphTest {
  private final GraphReader reader = new GraphReader();
  private final GraphLinter linter = new GraphLinter();

  private List<String> problems(Class<? extends FlowSpec> flow) {
    return linter.lint(reader.scan(flow)).problems().stream().map(GraphProblem::text).toList();
  }

  static class Gang extends FlowSpec {
    static final int NODES = 4;

    @Step
    void start() {
      next(this::train, parallel(NODES));
    }

    @Parallel
    @Step
    void train() {
      next(this::join);
    }

    @Step
    void join(Inputs<Gang> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  @Test
  void aGangIsAForeachOfFixedWidthReadFromTheConstant() {
    FlowModel model = reader.read(Gang.class);
    var start = model.step("start");
    assertThat(start.type()).isEqualTo(StepType.FOREACH);
    assertThat(start.startsGang()).isTrue();
    assertThat(start.numParallel()).isEqualTo(4);
    assertThat(start.foreachField()).isEmpty();
    assertThat(start.next()).containsExactly("train");
    assertThat(start.matchingJoin()).hasValue("join");
    assertThat(model.step("train").isGang()).isTrue();
    assertThat(model.step("train").type()).isEqualTo(StepType.LINEAR);
    assertThat(model.step("train").splitParents()).containsExactly("start");
    assertThat(model.step("join").inputs()).containsExactly("train");
    assertThat(new GraphRenderer().render(model, GraphFormat.TEXT))
        .contains("Step start (gang of 4)")
        .contains("@parallel");
  }

  static class GangOfOne extends FlowSpec {
    @Step
    void start() {
      next(this::train, parallel(1));
    }

    @Parallel
    @Step
    void train() {
      next(this::join);
    }

    @Step
    void join(Inputs<GangOfOne> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  @Test
  void aGangOfFewerThanTwoNodesIsRejected() {
    assertThat(problems(GangOfOne.class))
        .containsExactly(
            "step 'start': next(this::train, parallel(1)) starts a gang of 1 node, but a gang has at"
                + " least 2 nodes; use parallel(2) or more, or next(this::train) for a single task.");
  }

  static class ComputedSize extends FlowSpec {
    int nodes = 3;

    @Step
    void start() {
      next(this::train, parallel(nodes));
    }

    @Parallel
    @Step
    void train() {
      next(this::join);
    }

    @Step
    void join(Inputs<ComputedSize> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  @Test
  void aGangSizeThatIsNotAConstantIsRejected() {
    assertThat(problems(ComputedSize.class))
        .containsExactly(
            "step 'start': the gang size given to next(..., parallel(n)) is not an int constant, so"
                + " the graph cannot be read without running the step; write the number of nodes as"
                + " a literal or a static final int constant, e.g. next(this::train, parallel(4)).");
  }

  static class NoJoin extends FlowSpec {
    @Step
    void start() {
      next(this::train, parallel(2));
    }

    @Parallel
    @Step
    void train() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  @Test
  void aGangWithoutAJoinIsRejected() {
    assertThat(problems(NoJoin.class))
        .contains(
            "step 'train': it is a @Parallel step and goes to end, but a gang step goes directly to"
                + " a join, which receives every node's task; end train() with next(this::join)"
                + " where join is a step taking Inputs<F>, e.g. void join(Inputs<F> inputs).");
  }

  static class CaughtGang extends FlowSpec {
    @Step
    void start() {
      next(this::train, parallel(2));
    }

    @Catch
    @Parallel
    @Step
    void train() {
      next(this::join);
    }

    @Step
    void join(Inputs<CaughtGang> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  @Test
  void catchOnAGangStepIsRejectedWithTheReason() {
    assertThat(problems(CaughtGang.class))
        .containsExactly(
            "step 'train': @Catch is not allowed on a @Parallel step (when one node fails the"
                + " other nodes are stopped, so a caught failure cannot stand in for the gang, and"
                + " the join needs every node's task); remove @Catch from train() and use @Retry,"
                + " which runs the whole gang again, or put @Catch on the join.");
  }

  static class NotAnnotated extends FlowSpec {
    @Step
    void start() {
      next(this::train, parallel(2));
    }

    @Step
    void train() {
      next(this::join);
    }

    @Step
    void join(Inputs<NotAnnotated> inputs) {
      next(this::other);
    }

    @Parallel
    @Step
    void other() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  @Test
  void aGangStartsOnlyAParallelStepAndAParallelStepOnlyAsAGang() {
    assertThat(problems(NotAnnotated.class))
        .containsExactly(
            "step 'start': it starts a gang of 'train' with parallel(2), but 'train' is not a"
                + " @Parallel step; annotate train() with @Parallel.",
            "step 'other': it is a @Parallel step, but step 'join' goes to it without starting a"
                + " gang; go to it with next(this::other, parallel(N)) in 'join'.",
            "step 'other': it is a @Parallel step and goes to end, but a gang step goes directly to"
                + " a join, which receives every node's task; end other() with next(this::join)"
                + " where join is a step taking Inputs<F>, e.g. void join(Inputs<F> inputs).");
  }
}
