package dev.flowline.cli;

import dev.flowline.metadata.RunStatus;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.ParameterBinder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code resume [STEP] [--origin-run-id ID]}: a new run that reuses (clones, without running them
 * again or copying data) the successful tasks of the origin run before STEP, or before the tasks
 * that failed, and runs the rest. Parameters come from the origin run: the effective values it
 * stored are reused as they are (Metaflow clones its {@code _parameters} task); giving a parameter
 * option is bad usage and {@code METAFLOW_RUN_<NAME>} is ignored with a note.
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

  @Unmatched List<String> unmatched = new ArrayList<>();

  ResumeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    var flow = context.flow();
    try (var launch = context.launch(Math.max(1, options.maxWorkers))) {
      var model = context.model(options.with);
      rejectUnmatched(model);
      var runtimeOptions = options.toOptions(context);
      noteIgnoredEnvironment(model);
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
        if (step == null && origin.status() == RunStatus.COMPLETED) {
          throw new UsageException(
              "resume: run "
                  + origin.pathspec()
                  + " completed successfully: no task failed, so there is nothing to resume and"
                  + " no new run was made. To run some steps again, give the first of them:"
                  + " 'bin/flowline "
                  + context.flowArgument()
                  + " resume STEP"
                  + (originRunId == null ? "" : " --origin-run-id " + originRunId)
                  + "' (steps: "
                  + String.join(", ", model.stepNames())
                  + "); for a fresh run use 'run'.");
        }
        return launch.resume(
            model,
            store,
            origin.id(),
            Optional.ofNullable(step),
            runtimeOptions,
            RunChecks.effectiveConfig(context, options.datastore, options.datastoreRoot),
            context.out(),
            context.err(),
            options.verbose);
      }
    }
  }

  /**
   * A resumed run reuses its origin run's parameters (as Metaflow's resume does): a parameter
   * option, or anything else {@code resume} does not know, is bad usage.
   */
  private void rejectUnmatched(FlowModel model) {
    if (unmatched.isEmpty()) {
      return;
    }
    var parameters = model.parameters().stream().map(p -> "--" + p.name()).toList();
    var given =
        unmatched.stream().map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).toList();
    if (given.stream().anyMatch(parameters::contains)) {
      throw new UsageException(
          "resume: "
              + String.join(" ", unmatched)
              + ": a resumed run reuses the parameter values of its origin run; they cannot be"
              + " changed. Leave them out, or start a new run with other values ('bin/flowline "
              + context.flowArgument()
              + " run --NAME VALUE ...').");
    }
    throw new UsageException(
        "resume: unknown option or argument "
            + String.join(" ", unmatched)
            + ". See 'bin/flowline "
            + context.flowArgument()
            + " resume --help'.");
  }

  /** {@code METAFLOW_RUN_<NAME>} is ignored by resume: says so when one is set. */
  private void noteIgnoredEnvironment(FlowModel model) {
    for (var p : model.parameters()) {
      String key = ParameterBinder.envName(p.name());
      if (ParameterBinder.fromEnvironment(context.env(), p.name()) != null) {
        context
            .err()
            .println(
                "note: "
                    + key
                    + " is ignored: a resumed run reuses the parameter values of its origin run.");
      }
    }
  }
}
