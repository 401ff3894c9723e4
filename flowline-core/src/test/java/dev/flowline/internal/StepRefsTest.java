package dev.flowline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.StepRef;
import dev.flowline.graph.other.ProtectedBase;
import org.junit.jupiter.api.Test;

class StepRefsTest {
  /** Exposes references as the subclass's code creates them. */
  static class Flow extends ProtectedBase {
    @Override
    protected void fork() {}

    StepRef endRef() {
      return this::end;
    }

    StepRef forkRef() {
      return this::fork;
    }

    StepRef lambda() {
      return () -> System.out.println("not a step");
    }
  }

  @Test
  void directMethodReference() {
    assertThat(StepRefs.methodName(new Flow().forkRef())).isEqualTo("fork");
  }

  @Test
  void referenceCompiledIntoASyntheticMethod() {
    assertThat(StepRefs.methodName(new Flow().endRef())).isEqualTo("end");
  }

  @Test
  void lambdaIsRejected() {
    assertThatThrownBy(() -> StepRefs.methodName(new Flow().lambda()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "next()/foreach() takes a method reference such as this::train, not a lambda (in"
                + " dev.flowline.internal.StepRefsTest$Flow). Replace the lambda with a reference to a @Step"
                + " method.");
  }
}
