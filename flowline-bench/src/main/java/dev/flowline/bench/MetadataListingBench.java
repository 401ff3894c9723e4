package dev.flowline.bench;

import dev.flowline.client.FlowlineClient;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.MetadataStore;
import dev.flowline.metadata.NewRun;
import dev.flowline.metadata.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures metadata listing on the local store: writes RUNS runs of TASKS tasks each, then times
 * listing the runs, the latest run through the client, and the tasks of one run.
 *
 * <pre>java -cp ... dev.flowline.bench.MetadataListingBench DIR [RUNS] [TASKS]</pre>
 */
public final class MetadataListingBench {
  private MetadataListingBench() {}

  /** Entry point; see the class description. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    var store = new LocalBlobStore(dir);
    var md = MetadataStore.of(store);
    long t0 = System.nanoTime();
    for (int r = 0; r < runs; r++) {
      String run = Integer.toString(100_000 + r);
      md.startRun(new NewRun("BenchFlow", run, "bench", List.of(), List.of(), Map.of()));
      for (int t = 1; t <= tasks; t++) {
        var task =
            new TaskPath("BenchFlow", run, t == tasks ? "end" : "step" + t, Integer.toString(t));
        md.registerTask(task, Optional.empty(), List.of(), Optional.empty());
        md.startAttempt(task, 0);
        md.finishAttempt(task, 0, AttemptStatus.OK, Optional.empty());
      }
      md.finishRun("BenchFlow", run, RunStatus.COMPLETED);
    }
    System.out.printf(
        "wrote %d runs x %d tasks in %.1f s%n", runs, tasks, (System.nanoTime() - t0) / 1e9);
    for (int i = 0; i < 3; i++) {
      long a = System.nanoTime();
      int listed = md.runs("BenchFlow").size();
      long b = System.nanoTime();
      String latest =
          FlowlineClient.of(store).flow("BenchFlow").latestSuccessfulRun().orElseThrow().id();
      long c = System.nanoTime();
      int taskCount = md.tasks("BenchFlow", latest).size();
      long d = System.nanoTime();
      System.out.printf(
          "list %d runs %.0f ms; latest successful run (client) %.0f ms; list %d tasks of a run %.1f ms%n",
          listed, (b - a) / 1e6, (c - b) / 1e6, taskCount, (d - c) / 1e6);
    }
  }
}
