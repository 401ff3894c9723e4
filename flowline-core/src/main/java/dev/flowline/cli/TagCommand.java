package dev.flowline.cli;

import dev.flowline.metadata.RunRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tag add|remove|list}: user tags of a run (the latest by default). */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description =
        "Add, remove or list the user tags of a run (the latest run unless --run-id is given).",
    subcommands = {TagCommand.Add.class, TagCommand.Remove.class, TagCommand.ListTags.class})
final class TagCommand implements Runnable {
  private final CliContext context;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  TagCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Missing command: add, remove or list.");
  }

  /** Options every tag command takes. */
  static class Common {
    @picocli.CommandLine.ParentCommand TagCommand parent;

    @Option(
        names = "--run-id",
        paramLabel = "ID",
        description = "The run; default: the latest run.")
    String runId;

    @Mixin DatastoreSelection datastoreSelection = new DatastoreSelection();

    RunRecord run(dev.flowline.runtime.RunStore store, String command) throws IOException {
      return runId == null
          ? RunLookup.latest(store, command)
          : RunLookup.require(store, runId, command);
    }

    CliContext context() {
      return parent.context;
    }
  }

  /** {@code tag add TAG...}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add user tags to a run.")
  static final class Add extends Common implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "TAG", description = "Tags to add.")
    List<String> tags = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      return change(this, tags, List.of(), "tag add");
    }
  }

  /** {@code tag remove TAG...}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove user tags from a run.")
  static final class Remove extends Common implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "TAG", description = "Tags to remove.")
    List<String> tags = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      return change(this, List.of(), tags, "tag remove");
    }
  }

  /** {@code tag list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tags of a run.")
  static final class ListTags extends Common implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
      var context = context();
      try (var store = Stores.open(context, datastoreSelection, context.model().name())) {
        RunRecord run = run(store, "tag list");
        context.out().println("Run " + run.pathspec());
        context.out().println("  user tags:   " + String.join(" ", run.tags()));
        context.out().println("  system tags: " + String.join(" ", run.systemTags()));
      }
      return ExitCodes.OK;
    }
  }

  private static int change(Common c, List<String> add, List<String> remove, String command)
      throws IOException {
    var context = c.context();
    try (var store = Stores.open(context, c.datastoreSelection, context.model().name())) {
      RunRecord run = c.run(store, command);
      RunRecord after;
      try {
        after = store.metadata().replaceTags(store.flow(), run.id(), remove, add);
      } catch (IllegalArgumentException e) {
        throw new UsageException(command + ": " + e.getMessage(), e);
      }
      context
          .out()
          .println("Run " + after.pathspec() + " user tags: " + String.join(" ", after.tags()));
    }
    return ExitCodes.OK;
  }
}
