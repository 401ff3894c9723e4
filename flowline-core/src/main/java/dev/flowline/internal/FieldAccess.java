package dev.flowline.internal;

import dev.flowline.FlowSpec;

/**
 * What the task's class loader adds to the user's classes so the runtime knows for certain which
 * flow fields a step assigned, and can stop a read of an artifact that did not reach the step. Not
 * part of the authoring API: flow code never calls it directly.
 *
 * <p>An assignment {@code obj.x = v} also sets the flag field {@link #assignedFlag(String) $a$x} of
 * the flow object (a plain store). A read {@code obj.x} first calls {@link #read}, which is small
 * enough for the JIT to inline: a static flag check, unless some running task guards a field
 * ({@link #openReadGuard}).
 */
public final class FieldAccess {
  /** Name of the static marker field added to every flow class whose field accesses are tracked. */
  public static final String MARKER = "$flowline$fieldAccess";

  private static final Object GUARDS_LOCK = new Object();
  private static int readGuards;
  // not volatile: set by the task's thread before its step runs (threads the step starts see it
  // through Thread.start), and a hot loop may keep it in a register
  private static boolean guardingReads;

  private FieldAccess() {}

  /** The name of the flag that records an assignment of field {@code field}. */
  public static String assignedFlag(String field) {
    return "$a$" + field;
  }

  /** Before a read of {@code owner.field}: lets the bound task check it, when any task guards. */
  public static void read(Object owner, String field) {
    if (guardingReads) {
      checkRead(owner, field);
    }
  }

  private static void checkRead(Object owner, String field) {
    if (owner instanceof FlowSpec flow) {
      TaskBinding binding = Bindings.of(flow);
      if (binding != null) {
        binding.fieldRead(field);
      }
    }
  }

  /**
   * Turns the read checks on until the returned guard is closed: a task with artifacts that did not
   * reach it opens one while its step runs.
   */
  public static ReadGuard openReadGuard() {
    synchronized (GUARDS_LOCK) {
      readGuards++;
      guardingReads = true;
    }
    return new ReadGuard() {
      private boolean closed;

      @Override
      public void close() {
        synchronized (GUARDS_LOCK) {
          if (!closed) {
            closed = true;
            readGuards--;
            guardingReads = readGuards > 0;
          }
        }
      }
    };
  }

  /** An open read guard; closing it twice is harmless. */
  public interface ReadGuard extends AutoCloseable {
    @Override
    void close();
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
