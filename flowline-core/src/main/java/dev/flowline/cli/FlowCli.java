package dev.flowline.cli;

import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.UnknownKeys;
import dev.flowline.model.FlowModel;
import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line of one flow: {@code bin/flowline FLOW run|resume|show|check|dump|logs|tag|step},
 * plus the command groups other modules contribute through {@link FlowCommandGroup} (e.g. {@code
 * kubernetes}).
 */
public final class FlowCli {
  private final CliContext context;

  /**
   * Why the flow's model could not be built for {@code run}'s parameter options, if it could not.
   */
  private UsageException modelProblem;

  /** Whether help was asked for: only then are the parameters' defaults read (from a new flow). */
  private boolean helpAsked;

  /** The command line for the flow in {@code context}. */
  public FlowCli(CliContext context) {
    this.context = context;
  }

  /** Root of a flow's commands; shows help when no command is given. */
  @Command(
      mixinStandardHelpOptions = true,
      version = "Flowline 0.1.0",
      description =
          "Commands of one flow. Exit codes: 0 success, 1 a task or run failed, 2 bad usage,"
              + " configuration or graph (nothing was run).")
  static final class Root implements Runnable {
    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
    }
  }

  /** Parses {@code args} (everything after FLOW) and runs the command: the exit code. */
  public int execute(List<String> args) {
    // the step command runs once per task: build only what it needs, once per warm worker
    if (!args.isEmpty() && args.get(0).equals("step")) {
      return stepOnly().execute(args.toArray(String[]::new));
    }
    try {
      // Metaflow's top-level options may come before the command: F --with retry run
      var leading = LeadingOptions.split(args, context.flowArgument());
      helpAsked = args.contains("-h") || args.contains("--help");
      if (startsLocalRun(leading.rest())) {
        // a worker JVM takes longer to start than the rest takes to get ready
        context.startWorkersEarly();
      }
      warnUnknownKeys();
      CommandLine root = build();
      return root.execute(leading.placeIn(root, context.flowArgument()).toArray(String[]::new));
    } finally {
      context.close();
    }
  }

  /** Warns about METAFLOW_* keys that look like misspelt settings (not for tasks). */
  private void warnUnknownKeys() {
    Config config;
    try {
      config = context.config();
    } catch (UsageException e) {
      return; // a malformed configuration file: the command reports it when it reads the file
    }
    UnknownKeys.warnings(config, OptionCatalog.load(context.flow().flowClass().getClassLoader()))
        .forEach(context.err()::println);
  }

  private static boolean startsLocalRun(List<String> args) {
    return !args.isEmpty()
        && (args.get(0).equals("run") || args.get(0).equals("resume"))
        && args.stream().noneMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V"));
  }

  private CommandLine stepOnly() {
    CommandLine root = context.cache().stepCommandLine(this::buildStepOnly);
    StepCommand step = root.getSubcommands().get("step").getCommand();
    step.use(context);
    // picocli resets every option to its initial value before parsing, so a kept command line
    // carries nothing over from the previous task; the streams are this task's
    root.setOut(context.out());
    root.setErr(context.err());
    root.setExecutionExceptionHandler(new ErrorHandler(context.err()));
    root.setParameterExceptionHandler(new ErrorHandler(context.err()));
    return root;
  }

  private CommandLine buildStepOnly() {
    var root = new CommandLine(new Root());
    root.setCommandName(context.flowArgument());
    root.addSubcommand("step", new CommandLine(new StepCommand(context)));
    return root;
  }

  /** Builds the picocli command tree. */
  CommandLine build() {
    var root = new CommandLine(new Root());
    root.setCommandName(context.flowArgument());
    root.addSubcommand("run", runCommand());
    root.addSubcommand("resume", new CommandLine(new ResumeCommand(context)));
    root.addSubcommand("show", new CommandLine(new ShowCommand(context)));
    root.addSubcommand("check", new CommandLine(new CheckCommand(context)));
    root.addSubcommand("dump", new CommandLine(new DumpCommand(context)));
    root.addSubcommand("logs", new CommandLine(new LogsCommand(context)));
    root.addSubcommand("tag", new CommandLine(new TagCommand(context)));
    root.addSubcommand("step", new CommandLine(new StepCommand(context)));
    addCommandGroups(root);
    root.setOut(context.out());
    root.setErr(context.err());
    root.setExecutionExceptionHandler(new ErrorHandler(context.err()));
    var errors = new ErrorHandler(context.err());
    root.setParameterExceptionHandler(
        (ex, args) -> {
          // a flow whose model is broken got no parameter options: its problems explain the error
          if (modelProblem != null && ex.getCommandLine().getCommandName().equals("run")) {
            context.err().println(modelProblem.getMessage());
            return ExitCodes.USAGE;
          }
          return errors.handleParseException(ex, args);
        });
    return root;
  }

  private CommandLine runCommand() {
    var run = new CommandLine(new RunCommand(context));
    FlowModel model = parameterModelOrNull();
    var defaults =
        model != null && helpAsked
            ? ParameterHelp.of(context.flow().flowClass())
            : ParameterHelp.none();
    if (model != null) {
      for (var p : model.parameters()) {
        // the simple name: <int>, <String>, <TrainingConfig> (not the binary name with package and
        // $)
        String type = p.javaType().substring(p.javaType().lastIndexOf('.') + 1);
        type = type.substring(type.lastIndexOf('$') + 1);
        var option =
            OptionSpec.builder("--" + p.name())
                .paramLabel("<" + type + ">")
                .type(String.class)
                .description(
                    (p.help().isEmpty() ? "Flow parameter" : p.help())
                        + (p.required() ? " (required)" : "")
                        + "."
                        + defaults.describe(p.fieldName())
                        + " Also METAFLOW_RUN_"
                        + p.name().replace('-', '_').toUpperCase(java.util.Locale.ROOT)
                        + ".");
        if (p.javaType().equals("boolean") || p.javaType().equals("java.lang.Boolean")) {
          option.arity("0..1").fallbackValue("true");
        }
        try {
          run.getCommandSpec().addOption(option.build());
        } catch (CommandLine.DuplicateOptionAnnotationsException e) {
          throw new UsageException(
              "parameter --"
                  + p.name()
                  + " (field "
                  + p.fieldName()
                  + ") clashes with the run option --"
                  + p.name()
                  + ". Rename it with @Parameter(name = \"...\").",
              e);
        }
      }
    }
    return run;
  }

  private FlowModel parameterModelOrNull() {
    try {
      return context.model();
    } catch (UsageException e) {
      // the run command reports graph problems itself; its help still works
      modelProblem = e;
      return null;
    }
  }

  private void addCommandGroups(CommandLine root) {
    var groups = new TreeMap<String, FlowCommandGroup>();
    var loader = context.flow().flowClass().getClassLoader();
    for (FlowCommandGroup group : ServiceLoader.load(FlowCommandGroup.class, loader)) {
      FlowCommandGroup previous = groups.putIfAbsent(group.name(), group);
      if (previous != null && previous.getClass() != group.getClass()) {
        throw new UsageException(
            "two modules contribute the command '"
                + group.name()
                + "': "
                + previous.getClass().getName()
                + " and "
                + group.getClass().getName()
                + ". Remove one of them from the class path.");
      }
    }
    for (var group : groups.values()) {
      root.addSubcommand(group.name(), new CommandLine(group.create(flowContext())));
    }
  }

  private FlowContext flowContext() {
    return new FlowContext() {
      @Override
      public FlowModel flow() {
        return context.model();
      }

      @Override
      public Config config() {
        return context.config();
      }

      @Override
      public Class<? extends dev.flowline.FlowSpec> flowClass() {
        return context.flow().flowClass();
      }

      @Override
      public PrintWriter out() {
        return context.out();
      }

      @Override
      public PrintWriter err() {
        return context.err();
      }
    };
  }

  /**
   * Reads the graph and builds the {@code step} command into the context's cache, and parses a
   * sample command line, without running anything: the classes a task needs are loaded and the
   * first task does not pay for them.
   */
  public void warmUp() {
    context.model();
    context
        .cache()
        .stepCommandLine(this::buildStepOnly)
        .parseArgs("step", "start", "--run-id", "0", "--task-id", "0", "--tag", "t");
  }
}
