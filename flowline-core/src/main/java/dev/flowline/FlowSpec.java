package dev.flowline;

import dev.flowline.internal.StepRefs;
import dev.flowline.internal.TaskBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Base class of every flow. A flow is a class whose {@link Step} methods are the steps and whose
 * non-static, non-transient instance fields are the artifacts, saved after every step.
 *
 * <pre>{@code
 * public class HelloFlow extends FlowSpec {
 *   @Parameter(help = "who to greet") String name = "world";
 *   String greeting;
 *
 *   @Step public void start() { greeting = "hello " + name; next(this::end); }
 *   @Step public void end() { System.out.println(greeting); }
 * }
 * }</pre>
 *
 * <p>Transitions name methods, never strings, so that the graph can be read from the compiled class
 * without running it: {@code next(this::a)}, a static branch {@code next(this::a, this::b)}, a
 * foreach {@code foreach("items", this::body)}, a gang {@code next(this::train, parallel(4))} (see
 * {@link Parallel}), and a join {@code next(this::join)} where {@code join} takes {@code
 * Inputs<F>}. A flow is started with {@code bin/flowline FLOW run} or {@link Flowline#main}.
 */
public abstract class FlowSpec {
  private transient TaskBinding binding;

  /** For subclasses. */
  protected FlowSpec() {}

  /** Continues to one step, or to several in parallel (a static branch, joined later). */
  protected final void next(StepRef first, StepRef... more) {
    List<String> targets = new ArrayList<>(1 + more.length);
    targets.add(StepRefs.methodName(first));
    for (StepRef ref : more) {
      targets.add(StepRefs.methodName(ref));
    }
    binding().transition(targets, null);
  }

  /**
   * Starts a gang: {@code gang.numNodes()} tasks of the {@link Parallel} step {@code gangStep} at
   * once, written {@code next(this::train, parallel(4))}. The gang step goes to a join, which
   * receives every node's task.
   */
  protected final void next(StepRef gangStep, Gang gang) {
    binding().transition(List.of(StepRefs.methodName(gangStep)), null);
  }

  /**
   * The size of a gang for {@link #next(StepRef, Gang)}: {@code numNodes} must be an {@code int}
   * constant (a literal or a {@code static final} constant), since the graph is read from the
   * compiled class.
   */
  protected static Gang parallel(int numNodes) {
    return new Gang(numNodes);
  }

  /** Continues to a join step, a method taking {@code Inputs<F>}. */
  protected final <F> void next(JoinRef<F> join) {
    binding().transition(List.of(StepRefs.methodName(join)), null);
  }

  /**
   * Runs {@code body} once per item of the collection or array held by the field {@code field};
   * inside the body, {@link #input()} is the item and {@link #index()} its position. The foreach is
   * closed by a join.
   */
  protected final void foreach(String field, StepRef body) {
    binding().transition(List.of(StepRefs.methodName(body)), field);
  }

  /** The current foreach item (inside a foreach body). */
  protected final Object input() {
    return binding().input();
  }

  /** The current foreach item, cast to {@code type}. */
  protected final <T> T input(Class<T> type) {
    return type.cast(binding().input());
  }

  /** Position of the current foreach item, 0-based (inside a foreach body). */
  protected final int index() {
    return binding().index();
  }

  /**
   * In a join, copies into this flow object every artifact of the inputs that all inputs holding it
   * agree on, except the names in {@code excluded} and those the join already assigned (assigning
   * an artifact before the call resolves a conflict on it). Artifacts that differ between the
   * inputs fail the task, all named at once, and nothing is merged; exclude them or assign them
   * first. Without a merge, a join passes on only the parameters and what it assigns, as in
   * Metaflow: a later step that reads another artifact fails with the fix.
   */
  protected final void mergeArtifacts(Inputs<?> inputs, String... excluded) {
    binding().mergeArtifacts(this, inputs, Set.of(excluded), false);
  }

  /**
   * As {@link #mergeArtifacts(Inputs, String...)}, but merges only the artifacts named in {@code
   * included} (Metaflow's {@code include=}); a name that no input holds and the join did not assign
   * fails the task.
   */
  protected final void mergeArtifactsIncluding(Inputs<?> inputs, String... included) {
    binding().mergeArtifacts(this, inputs, Set.of(included), true);
  }

  /** Where the running task stands: flow, run, step, task, attempt, tags, user, executor. */
  protected final Current current() {
    return binding().current();
  }

  private TaskBinding binding() {
    if (binding == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + ": next(), foreach(), input(), index(), mergeArtifacts() and current() work only while"
              + " Flowline runs a step. Run the flow with 'bin/flowline "
              + getClass().getName()
              + " run'.");
    }
    return binding;
  }
}
