package dev.flowline.cli;

import dev.flowline.metadata.RunRecord;
import dev.flowline.metadata.RunSummary;
import dev.flowline.runtime.RunStore;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds runs by id for {@code resume}, {@code dump}, {@code logs}, {@code tag} and modules'
 * commands ({@code kubernetes list|kill}); unknown ids are usage errors.
 */
public final class RunLookup {
  private RunLookup() {}

  /**
   * The run {@code runId}.
   *
   * @throws UsageException naming the id and listing the most recent runs
   */
  public static RunRecord require(RunStore store, String runId, String command) throws IOException {
    var run = store.metadata().run(store.flow(), runId);
    if (run.isPresent()) {
      return run.get();
    }
    throw new UsageException(
        command
            + ": flow "
            + store.flow()
            + " has no run '"
            + runId
            + "' in "
            + store.blobs().root()
            + ". "
            + recent(store)
            + "Give one of those ids.");
  }

  /**
   * The newest run.
   *
   * @throws UsageException when the flow has no run
   */
  public static RunRecord latest(RunStore store, String command) throws IOException {
    List<RunSummary> runs = store.metadata().runs(store.flow());
    if (runs.isEmpty()) {
      throw new UsageException(
          command
              + ": flow "
              + store.flow()
              + " has no runs in "
              + store.blobs().root()
              + ". Run it first with 'run'.");
    }
    return require(store, runs.get(0).id(), command);
  }

  /** "Recent runs: a (completed), b (failed). " or "It has no runs yet. ". */
  static String recent(RunStore store) throws IOException {
    List<RunSummary> runs = store.metadata().runs(store.flow());
    if (runs.isEmpty()) {
      return "It has no runs yet: run it first with 'run'. ";
    }
    return "Recent runs: "
        + runs.stream()
            .limit(5)
            .map(r -> r.id() + " (" + r.status().name().toLowerCase() + ", " + r.startedAt() + ")")
            .collect(Collectors.joining(", "))
        + ". ";
  }
}
