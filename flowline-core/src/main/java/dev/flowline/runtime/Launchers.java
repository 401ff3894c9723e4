package dev.flowline.runtime;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The launcher of each step of one run: the one {@link TaskLauncherFactory} that handles the step,
 * or the local launcher when none does. Launchers are created once per run, before it starts.
 */
final class Launchers implements AutoCloseable {
  private final TaskLauncher local;
  private final Map<String, TaskLauncher> byStep;
  private final List<TaskLauncher> all;

  private Launchers(TaskLauncher local, Map<String, TaskLauncher> byStep, List<TaskLauncher> all) {
    this.local = local;
    this.byStep = byStep;
    this.all = all;
  }

  /** The factories on the flow's class path ({@link ServiceLoader}). */
  static List<TaskLauncherFactory> discover(ClassLoader loader) {
    var found = new ArrayList<TaskLauncherFactory>();
    ServiceLoader.load(TaskLauncherFactory.class, loader).forEach(found::add);
    return found;
  }

  /**
   * Chooses the launcher of every step of {@code context.model()}.
   *
   * @throws InvalidRunException when two factories handle the same step (names them all)
   */
  static Launchers choose(
      TaskLauncher local, List<TaskLauncherFactory> factories, LaunchContext context) {
    FlowModel flow = context.model();
    var chosen = new LinkedHashMap<String, TaskLauncherFactory>();
    var problems = new ArrayList<String>();
    for (StepModel step : flow.steps()) {
      var handlers = factories.stream().filter(f -> f.handles(flow, step)).toList();
      if (handlers.size() > 1) {
        problems.add(
            "step '"
                + step.name()
                + "' is claimed by the launchers "
                + handlers.stream().map(TaskLauncherFactory::name).toList()
                + ", but a step runs on one back end. Remove the decorator of all but one from the"
                + " step, or one of the modules from the class path.");
      } else if (handlers.size() == 1) {
        chosen.put(step.name(), handlers.get(0));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRunException(String.join("\n", problems) + "\nNothing was run.");
    }
    var created = new LinkedHashMap<TaskLauncherFactory, TaskLauncher>();
    var byStep = new LinkedHashMap<String, TaskLauncher>();
    chosen.forEach(
        (step, f) -> byStep.put(step, created.computeIfAbsent(f, x -> x.create(context))));
    var all = new ArrayList<TaskLauncher>();
    all.add(local);
    all.addAll(created.values());
    return new Launchers(local, byStep, all);
  }

  /** The launcher that runs the tasks of {@code step}. */
  TaskLauncher forStep(String step) {
    return byStep.getOrDefault(step, local);
  }

  /**
   * The run's {@code runtime:NAME} system tags: one per back end that runs a step, in step order.
   */
  List<String> runtimeTags(FlowModel flow) {
    var names = new LinkedHashSet<String>();
    flow.steps().forEach(s -> names.add("runtime:" + forStep(s.name()).name()));
    return List.copyOf(names);
  }

  /** Tells each launcher how many tasks are ready but not yet launched. */
  void backlog(int readyTasks) {
    all.forEach(l -> l.backlog(readyTasks));
  }

  /** Stops every running attempt on every back end. */
  void stopAll() {
    all.forEach(TaskLauncher::stopAll);
  }

  @Override
  public void close() {
    all.forEach(TaskLauncher::close);
  }
}
