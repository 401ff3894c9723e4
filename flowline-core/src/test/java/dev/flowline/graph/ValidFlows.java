package dev.flowline.graph;

import dev.flowline.Catch;
import dev.flowline.Environment;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Resources;
import dev.flowline.Retry;
import dev.flowline.Step;
import dev.flowline.Timeout;
import java.util.List;

/** Valid test flows, one per supported graph shape. Never run: only read. */
final class ValidFlows {
  private ValidFlows() {}

  static class Linear extends FlowSpec {
    @Step
    void start() {
      next(this::a);
    }

    @Step
    void a() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class BranchJoin extends FlowSpec {
    @Step
    void start() {
      next(this::a, this::b);
    }

    @Step
    void a() {
      next(this::join);
    }

    @Step
    void b() {
      next(this::join);
    }

    @Step
    void join(Inputs<BranchJoin> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class ForeachJoin extends FlowSpec {
    List<String> items = List.of("x", "y");

    @Step
    void start() {
      foreach("items", this::body);
    }

    @Step
    void body() {
      next(this::join);
    }

    @Step
    void join(Inputs<ForeachJoin> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class NestedForeach extends FlowSpec {
    List<String> outerItems;
    List<String> innerItems;

    @Step
    void start() {
      foreach("outerItems", this::outer);
    }

    @Step
    void outer() {
      foreach("innerItems", this::inner);
    }

    @Step
    void inner() {
      next(this::innerJoin);
    }

    @Step
    void innerJoin(Inputs<NestedForeach> inputs) {
      next(this::outerJoin);
    }

    @Step
    void outerJoin(Inputs<NestedForeach> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class BranchInForeach extends FlowSpec {
    List<Integer> items;

    @Step
    void start() {
      foreach("items", this::body);
    }

    @Step
    void body() {
      next(this::left, this::right);
    }

    @Step
    void left() {
      next(this::branchJoin);
    }

    @Step
    void right() {
      next(this::branchJoin);
    }

    @Step
    void branchJoin(Inputs<BranchInForeach> inputs) {
      next(this::foreachJoin);
    }

    @Step
    void foreachJoin(Inputs<BranchInForeach> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class ForeachInBranch extends FlowSpec {
    List<Integer> items;

    @Step
    void start() {
      next(this::a, this::b);
    }

    @Step
    void a() {
      foreach("items", this::body);
    }

    @Step
    void body() {
      next(this::foreachJoin);
    }

    @Step
    void foreachJoin(Inputs<ForeachInBranch> inputs) {
      next(this::join);
    }

    @Step
    void b() {
      next(this::join);
    }

    @Step
    void join(Inputs<ForeachInBranch> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  /** Steps inherited from an abstract superclass; the subclass implements one of them. */
  abstract static class Base extends FlowSpec {
    @Step
    void start() {
      next(this::middle);
    }

    @Step
    abstract void middle();

    @Step
    void end() {}
  }

  static class Inherited extends Base {
    @Override
    @Step
    void middle() {
      next(this::end);
    }
  }

  /** Reading must not initialise the class: its static initialiser throws. */
  static class StaticInitThrows extends FlowSpec {
    static final int BOOM = Integer.parseInt("not a number");

    @Step
    void start() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class WithParameters extends FlowSpec {
    @Parameter(help = "who to greet")
    String name = "world";

    @Parameter(name = "max-epochs", required = true)
    int epochs;

    @Parameter private boolean dryRun;

    String notAParameter;

    @Step
    void start() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class Decorated extends FlowSpec {
    @Retry(times = 2)
    @Resources(cpu = "2", memory = 8192)
    @Deprecated
    @Step
    void start() {
      next(this::a);
    }

    @Catch
    @Timeout(minutes = 5)
    @Environment(vars = {"A=1", "B=2"})
    @Step
    void a() {
      next(this::end);
    }

    @TestDecorator(
        mode = TestDecorator.Mode.FAST,
        tolerations = {@TestDecorator.Toleration(key = "k")},
        type = String.class,
        ratio = 0.5,
        letter = 'x')
    @Step
    void end() {}
  }

  /** References to protected steps of a superclass in another package, and to a private step. */
  static class ProtectedSteps extends dev.flowline.graph.other.ProtectedBase {
    @Override
    @Step
    protected void fork() {
      next(this::left, this::right);
    }

    @Step
    private void left() {
      next(this::join);
    }

    @Step
    public void right() {
      next(this::join);
    }
  }

  /** A lambda that only calls a step is read as a reference to that step. */
  static class DelegatingLambda extends FlowSpec {
    @Step
    void start() {
      next(() -> end());
    }

    @Step
    void end() {}
  }

  /**
   * javac copies the finally block, and the call in it, onto the normal and the exceptional path.
   */
  static class NextInFinally extends FlowSpec {
    int work;

    @Step
    void start() {
      try {
        work = 1;
      } finally {
        next(this::end);
      }
    }

    @Step
    void end() {}
  }
}
