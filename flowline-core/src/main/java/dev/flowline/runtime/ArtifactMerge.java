package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import dev.flowline.datastore.cas.ArtifactRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code mergeArtifacts} in a join, with Metaflow's semantics: every artifact of the inputs that
 * the join has not assigned (assignment tracking, not the field's value: a primitive's 0 is not
 * "set"), is not excluded (or, in the include form, is included) and is not a parameter, is copied
 * by reference when all inputs that hold it agree. Any disagreement fails the whole merge, naming
 * every conflicting artifact and which inputs differ; nothing is merged then. An included name that
 * no input holds and the join did not assign is an error too.
 */
final class ArtifactMerge {
  private final String joinStep;
  private final FlowFields fields;
  private final TaskArtifacts artifacts;
  private final FieldTracking tracking;
  private final Set<String> parameters;
  private final ClassLoader loader;

  ArtifactMerge(
      String joinStep,
      FlowFields fields,
      TaskArtifacts artifacts,
      FieldTracking tracking,
      Set<String> parameters,
      ClassLoader loader) {
    this.joinStep = joinStep;
    this.fields = fields;
    this.artifacts = artifacts;
    this.tracking = tracking;
    this.parameters = parameters;
    this.loader = loader;
  }

  /**
   * Merges {@code inputs} into {@code flow}: with {@code include} false, every artifact except
   * {@code names}; with {@code include} true, only {@code names}.
   *
   * @throws IllegalStateException listing every conflict (or missing included name) and the fix;
   *     nothing is merged then
   */
  void merge(FlowSpec flow, JoinInputs<?> inputs, Set<String> names, boolean include) {
    var byName = new TreeMap<String, Map<String, ArtifactRef>>();
    var holders = new TreeMap<String, InputTask>();
    for (InputTask t : inputs.tasks()) {
      for (var e : t.index().artifacts().entrySet()) {
        String name = e.getKey();
        if (name.startsWith("_")
            || parameters.contains(name)
            || tracking.wasAssigned(name)
            || include != names.contains(name)) {
          continue;
        }
        byName
            .computeIfAbsent(name, n -> new LinkedHashMap<>())
            .put(t.path().step() + "/" + t.path().taskId(), e.getValue());
        holders.putIfAbsent(name, t);
      }
    }
    var problems = new ArrayList<String>();
    for (var e : byName.entrySet()) {
      if (e.getValue().values().stream().map(ArtifactRef::sha).distinct().count() > 1) {
        problems.add(conflict(e.getKey(), e.getValue()));
      }
    }
    if (include) {
      for (String name : new TreeSet<>(names)) {
        if (!byName.containsKey(name)
            && !tracking.wasAssigned(name)
            && !parameters.contains(name)) {
          problems.add(
              "'"
                  + name
                  + "' is in the include list, but no input holds it and the join did not"
                  + " assign it (check the name; the inputs hold "
                  + inputNames(inputs)
                  + ")");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "mergeArtifacts in join step '"
              + joinStep
              + "' merged nothing: "
              + String.join("; ", problems)
              + ". Fix: assign each conflicting artifact in '"
              + joinStep
              + "' before calling mergeArtifacts (e.g. from inputs.get(0)), or leave it out:"
              + " mergeArtifacts(inputs, \""
              + String.join("\", \"", conflicting(byName))
              + "\").");
    }
    for (var e : byName.entrySet()) {
      String name = e.getKey();
      ArtifactRef ref = e.getValue().values().iterator().next();
      if (fields.field(name).isPresent() && artifacts.mayRead(name)) {
        artifacts.load(flow, name, ref, holders.get(name), loader);
        artifacts.merged(name);
      } else {
        artifacts.passOn(name, ref);
      }
      tracking.provided(name);
    }
  }

  private static List<String> conflicting(Map<String, Map<String, ArtifactRef>> byName) {
    return byName.entrySet().stream()
        .filter(e -> e.getValue().values().stream().map(ArtifactRef::sha).distinct().count() > 1)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static String conflict(String name, Map<String, ArtifactRef> refs) {
    var groups = new LinkedHashMap<String, List<String>>();
    refs.forEach(
        (task, ref) -> groups.computeIfAbsent(ref.sha(), s -> new ArrayList<>()).add(task));
    var parts = new ArrayList<String>();
    groups.forEach(
        (sha, tasks) -> {
          String shown =
              tasks.size() > 3
                  ? String.join(", ", tasks.subList(0, 3)) + " and " + (tasks.size() - 3) + " more"
                  : String.join(", ", tasks);
          parts.add(shown + " (a " + refs.get(tasks.get(0)).type() + ")");
        });
    return "'" + name + "' differs between the inputs: " + String.join(" vs ", parts);
  }

  private static Set<String> inputNames(JoinInputs<?> inputs) {
    var names = new TreeSet<String>();
    inputs.tasks().forEach(t -> names.addAll(t.index().names()));
    names.removeIf(n -> n.startsWith("_"));
    return names;
  }
}
