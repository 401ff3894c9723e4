package dev.flowline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.metadata.TaskSummary;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dump RUN/STEP[/TASK]}: prints the artifacts of tasks, as text or JSON. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description =
        "Print the artifacts of a task (RUN/STEP/TASK) or of every task of a step (RUN/STEP).")
final class DumpCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

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
          "Shorten text values to this many characters; with --json, longer strings and byte"
              + " arrays are cut (marked \"truncated\": true). Default: ${DEFAULT-VALUE}.")
  int maxValueSize;

  @Mixin DatastoreSelection datastoreSelection = new DatastoreSelection();

  DumpCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    String flow = context.model().name();
    ClassLoader loader = context.flow().flowClass().getClassLoader();
    try (var store = Stores.open(context, datastoreSelection, flow)) {
      for (TaskSummary t : TaskSelector.select(store, pathspec, "dump", false)) {
        int attempt = t.latestAttempt().orElse(0);
        var data = store.data(t.path(), attempt);
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
            ObjectNode failed = JSON.createObjectNode();
            failed.put("pathspec", t.path().pathspec());
            failed.put("attempt", attempt);
            failed.put("status", t.status().name().toLowerCase());
            failed.putObject("artifacts");
            context.out().println(JSON.writeValueAsString(failed));
          }
          continue;
        }
        var index = data.index();
        ObjectNode node = JSON.createObjectNode();
        node.put("pathspec", t.path().pathspec());
        node.put("attempt", attempt);
        node.put("status", t.status().name().toLowerCase());
        ObjectNode artifacts = node.putObject("artifacts");
        if (!json) {
          context
              .out()
              .println("Artifacts of " + t.path().pathspec() + " (attempt " + attempt + "):");
        }
        for (var e : index.artifacts().entrySet()) {
          if (e.getKey().startsWith("_") && !showPrivate) {
            continue;
          }
          Object value;
          try {
            value = data.load(e.getKey(), loader);
          } catch (IOException | RuntimeException ex) {
            value = "<cannot load: " + ex.getMessage() + ">";
          }
          if (json) {
            ObjectNode a = artifacts.putObject(e.getKey());
            a.put("type", e.getValue().type());
            a.put("size", e.getValue().size());
            if (value instanceof byte[] b && b.length > maxValueSize) {
              a.put("value", text(value));
              a.put("truncated", true);
            } else if (value instanceof CharSequence cs && cs.length() > maxValueSize) {
              a.put("value", cs.subSequence(0, maxValueSize).toString());
              a.put("truncated", true);
            } else {
              try {
                a.set("value", JSON.valueToTree(value));
              } catch (IllegalArgumentException ex) {
                a.put("value", String.valueOf(value));
              }
            }
          } else {
            context
                .out()
                .println(
                    "  "
                        + e.getKey()
                        + " [size: "
                        + e.getValue().size()
                        + " type: "
                        + e.getValue().type()
                        + "] = "
                        + shorten(text(value)));
          }
        }
        if (json) {
          context.out().println(JSON.writeValueAsString(node));
        }
      }
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  private static String text(Object value) {
    if (value instanceof byte[] b) {
      return "byte[" + b.length + "]";
    }
    if (value != null && value.getClass().isArray()) {
      if (value instanceof Object[] a) {
        return Arrays.deepToString(a);
      }
      return value.getClass().getComponentType().getName()
          + "["
          + java.lang.reflect.Array.getLength(value)
          + "]";
    }
    return String.valueOf(value);
  }

  private String shorten(String s) {
    return s.length() <= maxValueSize
        ? s
        : s.substring(0, maxValueSize) + "... (" + s.length() + " chars)";
  }
}
