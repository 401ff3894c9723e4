package dev.flowline.cli;

import dev.flowline.config.UserName;
import dev.flowline.runtime.FlowFields;
import dev.flowline.runtime.StepExecutor;
import dev.flowline.runtime.TaskSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The internal {@code step} command: runs one attempt of one task ({@link TaskSpec#stepArgs()}).
 * The local runtime runs it on warm workers; a Kubernetes pod runs the same command.
 */
@Command(
    name = "step",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Internal: run one attempt of one task (used by the runtime and by pods).")
final class StepCommand implements Callable<Integer> {
  private CliContext context;

  @Parameters(index = "0", paramLabel = "STEP", description = "The step to run.")
  String step;

  @Option(names = "--run-id", required = true, description = "The run id.")
  String runId;

  @Option(names = "--task-id", required = true, description = "The task id.")
  String taskId;

  @Option(names = "--attempt", defaultValue = "0", description = "The attempt number, 0 first.")
  int attempt;

  @Option(names = "--input-paths", description = "Input tasks, run/step/task, comma separated.")
  String inputPaths;

  @Option(names = "--split-index", description = "The foreach index of this task.")
  Integer splitIndex;

  @Option(names = "--tag", description = "A user tag of the run (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--with", description = "A --with decorator of the run (repeatable).")
  List<String> with = new ArrayList<>();

  @Option(names = "--datastore", description = "The datastore kind of the run.")
  String datastore;

  @Option(names = "--datastore-root", description = "The datastore root of the run.")
  String datastoreRoot;

  @Option(
      names = "--handled-failure",
      description = "Do not run the step: record this failure for @Catch.")
  String handledFailure;

  StepCommand(CliContext context) {
    this.context = context;
  }

  /** Runs the next parse with {@code context} (a warm worker reuses this command for each task). */
  void use(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    var model = context.model(with);
    var spec =
        new TaskSpec(
            context.flow().flowClass().getName(),
            runId,
            step,
            taskId,
            attempt,
            inputPaths == null || inputPaths.isEmpty()
                ? List.of()
                : Arrays.asList(inputPaths.split(",")),
            Optional.ofNullable(splitIndex),
            tags,
            with,
            Optional.ofNullable(datastore),
            Optional.ofNullable(datastoreRoot));
    if (model.findStep(step).isEmpty()) {
      throw new UsageException(
          "step: flow "
              + model.name()
              + " has no step '"
              + step
              + "'; its steps are "
              + model.stepNames());
    }
    try (var store = Stores.open(context, datastore, datastoreRoot, model.name());
        var tracked = TrackedFlowClass.of(context.flow())) {
      return new StepExecutor(
              model,
              new FlowFields(tracked.flowClass()),
              store,
              UserName.of(context.config()),
              context.cache())
          .execute(spec, Optional.ofNullable(handledFailure));
    }
  }
}
