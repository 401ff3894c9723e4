package dev.flowline.cli;

import dev.flowline.datastore.LogStream;
import dev.flowline.metadata.TaskSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code logs RUN/STEP[/TASK]}: prints the saved stdout and stderr of tasks, also of failed ones.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Print the saved output of a task (RUN/STEP/TASK) or of every task of a step (RUN/STEP),"
            + " also of failed tasks. Default: stdout then stderr of the latest attempt.")
final class LogsCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "RUN/STEP[/TASK]",
      description = "The task(s) whose logs to print.")
  String pathspec;

  @Option(names = "--stdout", description = "Only standard output.")
  boolean stdout;

  @Option(names = "--stderr", description = "Only standard error.")
  boolean stderr;

  @Option(
      names = "--attempt",
      paramLabel = "N",
      description = "This attempt instead of the latest.")
  Integer attempt;

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

  LogsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    List<LogStream> streams = new ArrayList<>();
    if (stdout || !stderr) {
      streams.add(LogStream.STDOUT);
    }
    if (stderr || !stdout) {
      streams.add(LogStream.STDERR);
    }
    var model = context.model();
    try (var store = Stores.open(context, datastore, datastoreRoot, model.name())) {
      List<TaskSummary> tasks =
          TaskSelector.select(store, pathspec, "logs", false, model.stepNames());
      for (TaskSummary t : tasks) {
        int n = attempt != null ? attempt : t.latestAttempt().orElse(0);
        if (attempt != null && !t.attempts().containsKey(attempt)) {
          throw new UsageException(
              "logs --attempt "
                  + attempt
                  + ": task "
                  + t.path().inputPath()
                  + " has attempts "
                  + t.attempts().keySet()
                  + ". Give one of them.");
        }
        if (tasks.size() > 1 || t.attempts().size() > 1) {
          context
              .out()
              .println(
                  "=== "
                      + t.path().inputPath()
                      + " attempt "
                      + n
                      + " ("
                      + t.attempts().getOrDefault(n, t.status()).name().toLowerCase()
                      + ") ===");
        }
        var data = store.data(t.path(), n);
        for (LogStream s : streams) {
          var log = data.openLog(s);
          if (log.isEmpty()) {
            continue;
          }
          try (InputStream in = log.get()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var target = s == LogStream.STDOUT ? context.out() : context.err();
            target.print(text);
            target.flush();
          }
        }
      }
    }
    return ExitCodes.OK;
  }
}
