package dev.flowline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.model.FlowModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionCheckTest {
  private final FlowModel branch = new GraphReader().read(ValidFlows.BranchJoin.class);
  private final FlowModel foreach = new GraphReader().read(ValidFlows.ForeachJoin.class);

  private static final String SUFFIX =
      ". The graph is read from the compiled class, so a step must make the same transition on every run"
          + " (conditional transitions are not supported yet); if you changed the code, rebuild the flow so"
          + " the class and the graph agree.";

  @Test
  void matchingTransitionIsFine() {
    assertThat(TransitionCheck.verify(branch.step("start"), List.of("a", "b"), Optional.empty()))
        .isEmpty();
    assertThat(TransitionCheck.verify(foreach.step("start"), List.of("body"), Optional.of("items")))
        .isEmpty();
    assertThat(TransitionCheck.verify(branch.step("end"), List.of(), Optional.empty())).isEmpty();
  }

  @Test
  void otherTarget() {
    assertThat(TransitionCheck.verify(branch.step("a"), List.of("b"), Optional.empty()))
        .contains(
            "step 'a': the static graph says next(join) but the step called next(b)" + SUFFIX);
  }

  @Test
  void branchesInAnotherOrder() {
    assertThat(TransitionCheck.verify(branch.step("start"), List.of("b", "a"), Optional.empty()))
        .contains(
            "step 'start': the static graph says next(a, b) but the step called next(b, a)"
                + SUFFIX);
  }

  @Test
  void otherForeachField() {
    assertThat(
            TransitionCheck.verify(foreach.step("start"), List.of("body"), Optional.of("others")))
        .contains(
            "step 'start': the static graph says foreach(\"items\", body) but the step called"
                + " foreach(\"others\", body)"
                + SUFFIX);
  }

  @Test
  void noTransition() {
    assertThat(TransitionCheck.verify(branch.step("a"), List.of(), Optional.empty()))
        .contains(
            "step 'a': the static graph says next(join) but the step made no transition" + SUFFIX);
  }

  @Test
  void transitionFromEnd() {
    assertThat(TransitionCheck.verify(branch.step("end"), List.of("a"), Optional.empty()))
        .contains(
            "step 'end': the static graph says no transition but the step called next(a)" + SUFFIX);
  }
}
