package dev.flowline.cli;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code resume [STEP] [--origin-run-id ID]}: a new run that reuses (clones, without running them
 * again or copying data) the successful tasks of the origin run before STEP, or before the tasks
 * that failed, and runs the rest. Parameters come from the origin run.
 */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description =
        "Start a new run that reuses the successful tasks of an earlier run (the latest by"
            + " default) before STEP, or before the tasks that failed, and runs the rest.")
final class ResumeCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "STEP",
      description = "Run this step and every step after it again.")
  String step;

  @Option(
      names = "--origin-run-id",
      paramLabel = "ID",
      description = "The run to resume. Default: the latest run of the flow.")
  String originRunId;

  @Mixin RunOptions options = new RunOptions();

  ResumeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    var flow = context.flow();
    try (var launch = context.launch(Math.max(1, options.maxWorkers))) {
      var runtimeOptions = options.toOptions(context);
      var model = context.model(options.with);
      if (step != null && model.findStep(step).isEmpty()) {
        throw new UsageException(
            "resume: flow "
                + model.name()
                + " has no step '"
                + step
                + "'; its steps are "
                + model.stepNames()
                + ". Give one of them, or no step to rerun what failed.");
      }
      RunChecks.require(context, model, options.datastore, options.datastoreRoot);
      try (var store =
          Stores.openForRun(context, options.datastore, options.datastoreRoot, model.name())) {
        var origin =
            originRunId == null
                ? RunLookup.latest(store, "resume")
                : RunLookup.require(store, originRunId, "resume --origin-run-id");
        return launch.resume(
            model,
            store,
            origin.id(),
            Optional.ofNullable(step),
            runtimeOptions,
            context.out(),
            context.err(),
            options.verbose);
      }
    }
  }
}
