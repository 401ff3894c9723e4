package dev.flowline.internal;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/** Tells which method a {@code this::name} step reference names. */
public final class StepRefs {
  private StepRefs() {}

  /**
   * The name of the method that {@code ref} refers to. A method reference that javac compiled into
   * a synthetic method (see {@link DesugaredReferences}) names the step that method calls.
   *
   * @throws IllegalArgumentException when {@code ref} is a lambda rather than a method reference
   */
  public static String methodName(Serializable ref) {
    SerializedLambda lambda = serialized(ref);
    String name = lambda.getImplMethodName();
    if (name.startsWith("lambda$")) {
      var target =
          DesugaredReferences.target(
              ref.getClass().getClassLoader(),
              lambda.getImplClass(),
              name,
              lambda.getImplMethodSignature());
      if (target.isPresent()) {
        return target.get();
      }
      throw new IllegalArgumentException(
          "next()/foreach() takes a method reference such as this::train, not a lambda (in "
              + lambda.getCapturingClass().replace('/', '.')
              + "). Replace the lambda with a reference to a @Step method.");
    }
    return name;
  }

  private static SerializedLambda serialized(Serializable ref) {
    try {
      Method writeReplace = ref.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return (SerializedLambda) writeReplace.invoke(ref);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(
          "not a method reference: " + ref.getClass().getName() + ". Pass a step as this::name.",
          e);
    }
  }
}
