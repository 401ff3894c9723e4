package dev.flowline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dump RUN/STEP[/TASK]}: prints the artifacts of tasks, as text or JSON. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description =
        "Print the artifacts of a task (RUN/STEP/TASK) or of every task of a step (RUN/STEP).")
final class DumpCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(index = "0", paramLabel = "RUN/STEP[/TASK]", description = "The task(s) to print.")
  String pathspec;

  @Option(names = "--json", description = "Print JSON: one object per task.")
  boolean json;

  @Option(
      names = "--private",
      description = "Also print internal artifacts (names starting with _).")
  boolean showPrivate;

  @Option(
      names = "--max-value-size",
      defaultValue = "1000",
      paramLabel = "N",
      description =
          "Show at most about N characters of each value: longer strings are cut, arrays,"
              + " collections and maps show their first elements (with --json marked"
              + " \"truncated\": true, with their \"length\"); 0 shows names, types and sizes only"
              + " (nothing is loaded). Default: ${DEFAULT-VALUE}.")
  int maxValueSize;

  @Option(
      names = "--include",
      paramLabel = "NAMES",
      split = ",",
      description = "Only these artifacts (comma separated, repeatable), as in Metaflow.")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "Write the output to FILE instead of standard output.")
  Path file;

  @Option(
      names = "--datastore",
      paramLabel = "KIND",
      description = "Datastore kind (default: local).")
  String datastore;

  @Option(
      names = "--datastore-root",
      paramLabel = "ROOT",
      description = "Datastore root (default: METAFLOW_DATASTORE_SYSROOT_<KIND>).")
  String datastoreRoot;

  DumpCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    if (maxValueSize < 0) {
      throw new UsageException(
          "dump --max-value-size "
              + maxValueSize
              + ": must be 0 or more (0 shows names, types and sizes only). Use e.g."
              + " --max-value-size 1000.");
    }
    var model = context.model();
    try (var store = Stores.open(context, datastore, datastoreRoot, model.name())) {
      var tasks = TaskSelector.select(store, pathspec, "dump", false, model.stepNames());
      var printer = new DumpPrinter(store, context, json, showPrivate, maxValueSize);
      printer.requireIncluded(tasks, include);
      if (file == null) {
        printer.print(tasks, include, context.out());
        context.out().flush();
        return ExitCodes.OK;
      }
      Path target = context.workDir().resolve(file);
      Path parent = target.toAbsolutePath().getParent();
      if (Files.isDirectory(target) || (parent != null && !Files.isDirectory(parent))) {
        throw new UsageException(
            "dump --file "
                + file
                + ": "
                + (Files.isDirectory(target)
                    ? "is a directory"
                    : "the folder " + parent + " does not exist")
                + "; the output is written to a file in an existing folder. Give another path.");
      }
      try (var out =
          new PrintWriter(Files.newBufferedWriter(target, StandardCharsets.UTF_8), false)) {
        printer.print(tasks, include, out);
      }
      context.err().println("Wrote the artifacts of " + pathspec + " to " + target + ".");
      return ExitCodes.OK;
    }
  }
}
