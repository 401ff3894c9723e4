package dev.flowline.internal;

import dev.flowline.FlowSpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Binds a {@link TaskBinding} to a flow object (runtime only). */
public final class Bindings {
  private static final VarHandle BINDING;

  static {
    try {
      BINDING =
          MethodHandles.privateLookupIn(FlowSpec.class, MethodHandles.lookup())
              .findVarHandle(FlowSpec.class, "binding", TaskBinding.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Bindings() {}

  /** Attaches {@code binding} to {@code flow}; {@code null} detaches it. */
  public static void bind(FlowSpec flow, TaskBinding binding) {
    BINDING.set(flow, binding);
    FieldAccess.bindingChanged(flow);
  }

  /** The binding of {@code flow}, or {@code null}. */
  public static TaskBinding of(FlowSpec flow) {
    return (TaskBinding) BINDING.get(flow);
  }
}
