package dev.flowline.client;

import static dev.flowline.client.ClientContext.io;

import dev.flowline.metadata.RunStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A flow: its runs in the client's namespace, newest first. */
public final class Flow {
  private final ClientContext ctx;
  private final String name;

  Flow(ClientContext ctx, String name) {
    this.ctx = ctx;
    this.name = name;
  }

  /** The flow name. */
  public String name() {
    return name;
  }

  /** The pathspec: the flow name. */
  public String pathspec() {
    return name;
  }

  /** Every run in the namespace, newest first. */
  public List<Run> runs() {
    return allRuns().stream().filter(Run::inNamespace).toList();
  }

  /**
   * The runs in the namespace that carry every one of {@code tags} (user or system tags), newest
   * first.
   */
  public List<Run> runs(String... tags) {
    List<String> wanted = Arrays.asList(tags);
    return runs().stream().filter(r -> r.allTags().containsAll(wanted)).toList();
  }

  private List<Run> allRuns() {
    return io(() -> ctx.metadata().runs(name)).stream().map(s -> new Run(ctx, s)).toList();
  }

  /** The newest run in the namespace, whatever its status. */
  public Optional<Run> latestRun() {
    return allRuns().stream().filter(Run::inNamespace).findFirst();
  }

  /** The newest successful run in the namespace. */
  public Optional<Run> latestSuccessfulRun() {
    return allRuns().stream()
        .filter(r -> r.summary().status() != RunStatus.FAILED)
        .filter(Run::successful)
        .filter(Run::inNamespace)
        .findFirst();
  }

  /**
   * The run {@code id}.
   *
   * @throws FlowlineNotFoundException naming the run and listing the latest runs, or naming the
   *     namespace when the run exists outside it
   */
  public Run run(String id) {
    List<Run> all = allRuns();
    for (Run r : all) {
      if (r.id().equals(id)) {
        if (!r.inNamespace()) {
          throw new FlowlineNotFoundException(
              "run "
                  + name
                  + "/"
                  + id
                  + " is not in namespace "
                  + ctx.namespace().orElseThrow()
                  + " (its tags: "
                  + r.allTags()
                  + "). Use client.withNamespace(null) to see every run.");
        }
        return r;
      }
    }
    List<String> latest = all.stream().filter(Run::inNamespace).limit(5).map(Run::id).toList();
    throw new FlowlineNotFoundException(
        "run "
            + name
            + "/"
            + id
            + " does not exist"
            + namespaceNote()
            + "; the latest runs are "
            + latest
            + (latest.isEmpty() ? "" : " (newest first)"));
  }

  private String namespaceNote() {
    return ctx.namespace().map(ns -> " in namespace " + ns).orElse("");
  }

  @Override
  public String toString() {
    return "Flow('" + name + "')";
  }
}
