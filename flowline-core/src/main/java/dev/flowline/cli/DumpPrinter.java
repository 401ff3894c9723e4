package dev.flowline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.metadata.TaskSummary;
import dev.flowline.runtime.RunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Prints the artifacts of {@code dump}'s tasks, as text or one JSON object per task. */
final class DumpPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunStore store;
  private final CliContext context;
  private final boolean json;
  private final boolean showPrivate;
  private final int maxValueSize;
  private final DumpValues values;
  private final ClassLoader loader;

  DumpPrinter(
      RunStore store, CliContext context, boolean json, boolean showPrivate, int maxValueSize) {
    this.store = store;
    this.context = context;
    this.json = json;
    this.showPrivate = showPrivate;
    this.maxValueSize = maxValueSize;
    this.values = new DumpValues(maxValueSize);
    this.loader = context.flow().flowClass().getClassLoader();
  }

  /**
   * Checks that every name of {@code --include} is an artifact of one of the tasks, before anything
   * is printed.
   *
   * @throws UsageException naming the unknown names and the artifacts there are
   */
  void requireIncluded(List<TaskSummary> tasks, List<String> include) throws IOException {
    if (include.isEmpty()) {
      return;
    }
    var known = new TreeSet<String>();
    for (TaskSummary t : tasks) {
      var data = store.data(t.path(), t.latestAttempt().orElse(0));
      if (data.hasIndex()) {
        known.addAll(data.index().names());
      }
    }
    var unknown = include.stream().filter(n -> !known.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new UsageException(
          "dump --include "
              + String.join(",", unknown)
              + ": no such artifact in "
              + tasks.get(0).path().runId()
              + "/"
              + tasks.get(0).path().step()
              + "; its artifacts are "
              + known.stream().filter(n -> showPrivate || !n.startsWith("_")).toList()
              + ". Give some of those names.");
    }
  }

  /**
   * Prints the artifacts of {@code tasks} (only {@code include}, when not empty) to {@code out}.
   */
  void print(List<TaskSummary> tasks, List<String> include, PrintWriter out) throws IOException {
    for (TaskSummary t : tasks) {
      int attempt = t.latestAttempt().orElse(0);
      var data = store.data(t.path(), attempt);
      ObjectNode node = JSON.createObjectNode();
      node.put("pathspec", t.path().pathspec());
      node.put("attempt", attempt);
      node.put("status", t.status().name().toLowerCase());
      ObjectNode artifacts = node.putObject("artifacts");
      if (!data.hasIndex()) {
        context
            .err()
            .println(
                t.path().inputPath()
                    + " (attempt "
                    + attempt
                    + ", "
                    + t.status().name().toLowerCase()
                    + "): no artifacts were stored. See 'logs "
                    + t.path().inputPath()
                    + "'.");
        if (json) {
          out.println(JSON.writeValueAsString(node));
        }
        continue;
      }
      if (!json) {
        out.println("Artifacts of " + t.path().pathspec() + " (attempt " + attempt + "):");
      }
      for (Map.Entry<String, ArtifactRef> e : data.index().artifacts().entrySet()) {
        String name = e.getKey();
        if (include.isEmpty() ? name.startsWith("_") && !showPrivate : !include.contains(name)) {
          continue;
        }
        String type = DumpValues.typeName(e.getValue().type(), loader);
        if (json) {
          ObjectNode a = artifacts.putObject(name);
          a.put("type", type);
          a.put("size", e.getValue().size());
          if (maxValueSize > 0) {
            values.putJson(a, load(data, name));
          }
        } else {
          out.println(
              "  "
                  + name
                  + " [size: "
                  + e.getValue().size()
                  + " type: "
                  + type
                  + "]"
                  + (maxValueSize > 0 ? " = " + values.text(load(data, name)) : ""));
        }
      }
      if (json) {
        out.println(JSON.writeValueAsString(node));
      }
    }
    out.flush();
  }

  private Object load(dev.flowline.datastore.TaskDatastore data, String name) {
    try {
      return data.load(name, loader);
    } catch (IOException | RuntimeException ex) {
      return "<cannot load: " + ex.getMessage() + ">";
    }
  }
}
