package dev.flowline.cli;

import dev.flowline.runtime.ArtifactCheck;
import dev.flowline.runtime.FlowFields;
import dev.flowline.runtime.ParameterBinder;
import dev.flowline.runtime.RunParameters;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code run}: checks the graph and the parameters, then runs the flow locally. Flow parameters are
 * options of this command ({@code --name value}); they are added to it from the flow's model.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the flow on this machine. Flow parameters are options: --name value (or"
            + " METAFLOW_RUN_<NAME>). Exit codes: 0 the run completed, 1 it failed, 2 bad input (nothing run).")
final class RunCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin RunOptions options = new RunOptions();

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    var flow = context.flow();
    try (var launch = context.launch(Math.max(1, options.maxWorkers))) {
      var runtimeOptions = options.toOptions(context);
      var model = context.model(options.with);
      RunChecks.require(context, model, options.datastore, options.datastoreRoot);
      var given = new LinkedHashMap<String, String>();
      for (var p : model.parameters()) {
        var option = spec.findOption("--" + p.name());
        if (option != null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
          given.put(p.name(), option.getValue());
        }
      }
      var fields = new FlowFields(flow.flowClass());
      Map<String, Object> values =
          new ParameterBinder(model.parameters(), fields).bind(given, context.env());
      ArtifactCheck.check(fields, values);
      var raw = new LinkedHashMap<>(given);
      for (var p : model.parameters()) {
        String env = ParameterBinder.fromEnvironment(context.env(), p.name());
        if (!raw.containsKey(p.name()) && env != null) {
          raw.put(p.name(), env);
        }
      }
      try (var store =
          Stores.openForRun(context, options.datastore, options.datastoreRoot, model.name())) {
        var parameters = RunParameters.save(store.contentStore(), raw, values);
        return launch.run(
            model,
            store,
            parameters,
            runtimeOptions,
            RunChecks.effectiveConfig(context, options.datastore, options.datastoreRoot),
            context.out(),
            context.err(),
            options.verbose);
      }
    }
  }
}
