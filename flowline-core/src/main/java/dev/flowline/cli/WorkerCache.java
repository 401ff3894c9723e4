package dev.flowline.cli;

import dev.flowline.datastore.Datastores;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.TaskMemo;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * What a warm worker keeps from one task to the next: the linted graph of the flow class, the
 * parsed-once model of the {@code step} command and the datastore providers found on the class
 * path. They depend only on the flow's class files and on Flowline's class path, which do not
 * change while a worker serves its run; finding them again for every task cost about a third of a
 * small task's CPU (picocli's reflective command model, the ASM scan and lint of the flow class, a
 * service look-up through every jar).
 *
 * <p>One task at a time: a worker runs its tasks one after the other, so this is not thread-safe.
 * {@link #none()} keeps nothing (every other command line).
 */
public final class WorkerCache implements TaskMemo {
  private final boolean enabled;
  private final Map<String, FlowModel> models = new HashMap<>();
  private CommandLine stepCommandLine;
  private Datastores datastores;
  private final Map<String, Object> memo = new HashMap<>();

  private WorkerCache(boolean enabled) {
    this.enabled = enabled;
  }

  /** A cache for the tasks of one warm worker. */
  public static WorkerCache forWorker() {
    return new WorkerCache(true);
  }

  /** A cache that keeps nothing. */
  public static WorkerCache none() {
    return new WorkerCache(false);
  }

  /** The linted model of the flow class {@code flowClassName}, read once. */
  FlowModel model(String flowClassName, Supplier<FlowModel> read) {
    if (!enabled) {
      return read.get();
    }
    FlowModel model = models.get(flowClassName);
    if (model == null) {
      // a failure (graph problems) is not kept: the next task reports it again
      model = read.get();
      models.put(flowClassName, model);
    }
    return model;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(String key, Supplier<T> compute) {
    if (!enabled) {
      return compute.get();
    }
    Object value = memo.get(key);
    if (value == null) {
      value = compute.get();
      memo.put(key, value);
    }
    return (T) value;
  }

  /** The datastore providers on Flowline's class path, found once. */
  Datastores datastores() {
    if (!enabled) {
      return Datastores.discover(Datastores.class.getClassLoader());
    }
    if (datastores == null) {
      datastores = Datastores.discover(Datastores.class.getClassLoader());
    }
    return datastores;
  }

  /** The command line of the {@code step} command, built once (built anew when nothing is kept). */
  CommandLine stepCommandLine(Supplier<CommandLine> build) {
    if (!enabled) {
      return build.get();
    }
    if (stepCommandLine == null) {
      stepCommandLine = build.get();
    }
    return stepCommandLine;
  }
}
