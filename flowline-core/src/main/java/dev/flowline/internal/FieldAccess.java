package dev.flowline.internal;

import dev.flowline.FlowSpec;

/**
 * The calls that the task's class loader adds around every read and assignment of a flow's fields
 * (outside constructors), so the runtime knows for certain which artifacts a step assigned and can
 * stop a read of an artifact that did not reach the step. Not part of the authoring API: flow code
 * never calls it directly. Each call costs a type check and a field read when no task is bound.
 */
public final class FieldAccess {
  /** Name of the static marker field added to every flow class whose field accesses are tracked. */
  public static final String MARKER = "$flowline$fieldAccess";

  private FieldAccess() {}

  /** Before {@code owner.field = ...}: tells the bound task that {@code field} was assigned. */
  public static void assigned(Object owner, String field) {
    if (owner instanceof FlowSpec flow) {
      TaskBinding binding = Bindings.of(flow);
      if (binding != null) {
        binding.fieldAssigned(field);
      }
    }
  }

  /** Before a read of {@code owner.field}: lets the bound task check or provide it. */
  public static void read(Object owner, String field) {
    if (owner instanceof FlowSpec flow) {
      TaskBinding binding = Bindings.of(flow);
      if (binding != null) {
        binding.fieldRead(field);
      }
    }
  }

  /** Whether the field accesses of {@code flowClass} are tracked (it was loaded for a task). */
  public static boolean isTracked(Class<?> flowClass) {
    try {
      flowClass.getDeclaredField(MARKER);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
