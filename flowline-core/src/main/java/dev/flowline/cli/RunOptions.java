package dev.flowline.cli;

import dev.flowline.config.UserName;
import dev.flowline.metadata.Tags;
import dev.flowline.runtime.LocalRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code resume} share. */
final class RunOptions {
  /** The default of {@code --max-workers}. */
  static final int DEFAULT_MAX_WORKERS = 16;

  @Option(
      names = "--max-workers",
      defaultValue = "" + DEFAULT_MAX_WORKERS,
      paramLabel = "N",
      description = "Run at most this many tasks at once. Default: ${DEFAULT-VALUE}.")
  int maxWorkers;

  @Option(
      names = "--max-num-splits",
      defaultValue = "100",
      paramLabel = "N",
      description = "Fail a foreach that yields more items than this. Default: ${DEFAULT-VALUE}.")
  int maxNumSplits;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Add a user tag to the run (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--run-id-file",
      paramLabel = "FILE",
      description = "Write the run id to FILE as soon as it is known.")
  Path runIdFile;

  @Option(
      names = "--with",
      paramLabel = "NAME[:k=v,...]",
      description = "Add a step decorator to every step, e.g. --with retry:times=2 (repeatable).")
  List<String> with = new ArrayList<>();

  @Option(
      names = "--datastore",
      paramLabel = "KIND",
      description =
          "Datastore kind: local (default, ./.metaflow), s3, azure, gs. Default from"
              + " METAFLOW_DEFAULT_DATASTORE.")
  String datastore;

  @Option(
      names = "--datastore-root",
      paramLabel = "ROOT",
      description =
          "Where the datastore keeps its data: a folder for local, a bucket URL for s3/gs,"
              + " container/prefix for azure. Default: METAFLOW_DATASTORE_SYSROOT_<KIND>.")
  String datastoreRoot;

  @Option(names = "-v", description = "Verbose: show progress (task starts, ends, retries).")
  boolean verbose;

  @Option(
      names = "--quiet",
      description =
          "Only the tasks' output and failures: no progress lines (for scripts). Also before the"
              + " command, as in Metaflow: F --quiet run.")
  boolean quiet;

  /**
   * The runtime's options.
   *
   * @throws UsageException when a number is out of range
   */
  LocalRuntime.Options toOptions(CliContext context) {
    var problems = new ArrayList<String>();
    if (maxWorkers < 1) {
      problems.add(
          "--max-workers " + maxWorkers + ": must be at least 1. Use e.g. --max-workers 4.");
    }
    if (maxNumSplits < 1) {
      problems.add(
          "--max-num-splits "
              + maxNumSplits
              + ": must be at least 1. Use e.g. --max-num-splits 100.");
    }
    Optional<Path> idFile = Optional.ofNullable(runIdFile).map(p -> context.workDir().resolve(p));
    idFile.flatMap(f -> runIdFileProblem(runIdFile, f)).ifPresent(problems::add);
    Tags.problems(tags).forEach(p -> problems.add("--tag: " + p + "."));
    if (!problems.isEmpty()) {
      throw new UsageException(String.join("\n", problems));
    }
    return new LocalRuntime.Options(
        maxWorkers,
        maxNumSplits,
        tags,
        idFile,
        with,
        Optional.ofNullable(datastore),
        Optional.ofNullable(datastoreRoot),
        UserName.of(context.config()));
  }

  /**
   * Why the run id cannot be written to {@code file} (the option's value {@code given} resolved in
   * the working directory), checked before the run starts.
   */
  private static Optional<String> runIdFileProblem(Path given, Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      return Optional.of(
          "--run-id-file "
              + given
              + ": is a directory; the run id is written to a file. Give a file name, e.g. --run-id-file"
              + " run-id.txt.");
    }
    if (parent != null && !Files.isDirectory(parent)) {
      return Optional.of(
          "--run-id-file "
              + given
              + ": the folder "
              + parent
              + " does not exist; the run id is written to a file in an existing folder. Create the"
              + " folder or give another path.");
    }
    return Optional.empty();
  }
}
