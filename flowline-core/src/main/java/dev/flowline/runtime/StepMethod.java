package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls a step's method on a flow object: a join step's with its inputs. */
final class StepMethod {
  private StepMethod() {}

  /**
   * Runs step {@code step} of {@code flow}: what the step's code threw, or {@code null}.
   *
   * @param joinInputs the inputs of a join step, {@code null} for other steps
   */
  static Throwable invoke(Class<?> flowClass, FlowSpec flow, String step, Inputs<?> joinInputs) {
    Method method = find(flowClass, step, joinInputs != null);
    method.setAccessible(true);
    try {
      if (joinInputs != null) {
        method.invoke(flow, joinInputs);
      } else {
        method.invoke(flow);
      }
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call step " + step + ": " + e, e);
    }
  }

  private static Method find(Class<?> type, String name, boolean join) {
    for (Class<?> c = type; c != null && c != FlowSpec.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == (join ? 1 : 0)) {
          return m;
        }
      }
    }
    throw new IllegalStateException(
        "step method " + name + (join ? "(Inputs)" : "()") + " not found in " + type.getName());
  }
}
