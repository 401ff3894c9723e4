package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.graph.FieldUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The artifacts of one task attempt, by Metaflow's rule: <b>the input's artifacts plus every field
 * the step assigned while it ran</b> (an assignment of the same value counts, an assignment that
 * never ran does not). Artifacts the step neither reads nor assigns are passed on by reference and
 * never loaded; a field the step loaded is saved again only when its value changed (mutated in
 * place counts). After a join, only parameters, what the join assigned and what it merged are
 * passed on; the others are remembered as "not passed on", so that a later read fails with the fix
 * instead of seeing the field's Java initializer.
 */
final class TaskArtifacts {
  /** Hidden artifact: the artifacts a join did not pass on ({@code field=join;...}). */
  static final String NOT_PASSED_ON = "_not_passed_on";

  private final FlowFields fields;
  private final Optional<FieldUsage.Usage> usage;
  private final ArtifactTracker tracker = new ArtifactTracker();
  private final Set<String> loaded = new HashSet<>();
  private final Map<String, ArtifactRef> carried = new TreeMap<>();
  private final Map<String, ArtifactRef> untouched = new TreeMap<>();
  private final Map<String, String> notPassedOn = new TreeMap<>();

  /** Artifacts of a task of a step whose code uses the fields as {@code usage} says. */
  TaskArtifacts(FlowFields fields, Optional<FieldUsage.Usage> usage) {
    this.fields = fields;
    this.usage = usage;
  }

  /** Whether the step's code may read {@code field} (always, when its usage is unknown). */
  boolean mayRead(String field) {
    return usage.isEmpty() || usage.get().read().contains(field);
  }

  /**
   * Takes the artifacts of the single input {@code parent}: the fields the step reads are loaded
   * into {@code flow}, the others passed on by reference.
   */
  void takeParent(FlowSpec flow, InputTask parent, Set<String> alsoLoad, ClassLoader loader)
      throws IOException {
    for (var e : parent.index().artifacts().entrySet()) {
      String name = e.getKey();
      if (name.startsWith("_")) {
        continue;
      }
      if (fields.field(name).isEmpty()) {
        carried.put(name, e.getValue());
      } else if (mayRead(name) || alsoLoad.contains(name)) {
        load(flow, name, e.getValue(), parent, loader);
      } else {
        untouched.put(name, e.getValue());
      }
    }
    notPassedOn.putAll(notPassedOn(parent, loader));
  }

  /**
   * Starts a join: parameters come from the first input; every other artifact of the inputs is not
   * passed on, unless the join's fresh object already holds the same value in every input that has
   * it (a field that the flow never changes from its initializer, like a Metaflow constant).
   */
  void startJoin(
      FlowSpec flow,
      String joinStep,
      Iterable<InputTask> inputs,
      Set<String> parameters,
      ClassLoader loader)
      throws IOException {
    InputTask first = inputs.iterator().next();
    for (String p : parameters) {
      Optional<ArtifactRef> ref = first.index().find(p);
      if (ref.isPresent()) {
        load(flow, p, ref.get(), first, loader);
      }
    }
    var refs = new TreeMap<String, Map<String, ArtifactRef>>();
    for (InputTask in : inputs) {
      notPassedOn(in, loader).forEach(notPassedOn::putIfAbsent);
      for (var e : in.index().artifacts().entrySet()) {
        String name = e.getKey();
        if (!name.startsWith("_") && fields.field(name).isPresent() && !parameters.contains(name)) {
          refs.computeIfAbsent(name, n -> new LinkedHashMap<>())
              .put(in.path().inputPath(), e.getValue());
        }
      }
    }
    for (var e : refs.entrySet()) {
      String name = e.getKey();
      if (!notPassedOn.containsKey(name) && holdsInitializer(flow, name, e.getValue(), first)) {
        untouched.put(name, e.getValue().values().iterator().next());
      } else {
        notPassedOn.putIfAbsent(name, joinStep);
      }
    }
  }

  private boolean holdsInitializer(
      FlowSpec flow, String name, Map<String, ArtifactRef> refs, InputTask any) throws IOException {
    var shas = refs.values().stream().map(ArtifactRef::sha).collect(Collectors.toSet());
    if (shas.size() != 1) {
      return false;
    }
    Object initial = fields.get(flow, name);
    return any.data().contentStore().digest(name, initial).equals(shas.iterator().next());
  }

  /** Parameters of the start task: stored with it as values. */
  void parameter(FlowSpec flow, String name, Object value) {
    fields.set(flow, name, value);
    loaded.add(name);
  }

  /** Loads artifact {@code name} of {@code from} into its field of {@code flow}. */
  void load(FlowSpec flow, String name, ArtifactRef ref, InputTask from, ClassLoader loader) {
    try {
      Object value = from.data().contentStore().load(name, ref, loader);
      fields.set(flow, name, value);
      tracker.loaded(name, value, ref);
      loaded.add(name);
      untouched.remove(name);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load artifact '" + name + "' of task " + from.path() + ": " + e.getMessage(), e);
    }
  }

  /** A merged artifact that the join does not read: passed on by reference. */
  void passOn(String name, ArtifactRef ref) {
    if (fields.field(name).isPresent()) {
      untouched.put(name, ref);
    } else {
      carried.put(name, ref);
    }
    notPassedOn.remove(name);
  }

  /** A merged artifact loaded into its field. */
  void merged(String name) {
    notPassedOn.remove(name);
  }

  /** The artifacts that did not reach this task: field name to the join that dropped it. */
  Map<String, String> notPassedOn() {
    return Map.copyOf(notPassedOn);
  }

  /** What to store at the end of the attempt: references passed on and values to serialize. */
  record Output(ArtifactIndex inherited, Map<String, Object> values) {}

  /**
   * The task's artifacts after its step ran (or failed, for {@code @Catch}): {@code tracking} says
   * which fields the step assigned; {@code extra} adds hidden and caught-exception artifacts.
   */
  Output output(FlowSpec flow, FieldTracking tracking, Map<String, Object> extra) {
    var inherited = new TreeMap<>(carried);
    var values = new LinkedHashMap<String, Object>();
    for (String name : fields.names()) {
      boolean assigned = tracking.wasAssigned(name);
      if (assigned || loaded.contains(name)) {
        Object v = fields.get(flow, name);
        Optional<ArtifactRef> same = tracker.unchanged(name, v);
        if (same.isPresent()) {
          inherited.put(name, same.get());
        } else {
          values.put(name, v);
        }
      } else if (untouched.containsKey(name)) {
        inherited.put(name, untouched.get(name));
      } else if (!notPassedOn.containsKey(name) && mayRead(name)) {
        // not an input artifact: the field holds its initializer, which the step may have changed
        // in place (a list it added to); a null one is the same as no artifact
        Object v = fields.get(flow, name);
        if (v != null) {
          values.put(name, v);
        }
      }
    }
    Map<String, String> left = tracking.notPassedOn();
    if (!left.isEmpty()) {
      values.put(NOT_PASSED_ON, encode(left));
    }
    values.putAll(extra);
    return new Output(ArtifactIndex.of(inherited), values);
  }

  private static Map<String, String> notPassedOn(InputTask task, ClassLoader loader)
      throws IOException {
    if (task.index().find(NOT_PASSED_ON).isEmpty()) {
      return Map.of();
    }
    return decode((String) task.data().load(NOT_PASSED_ON, loader));
  }

  static String encode(Map<String, String> notPassedOn) {
    return notPassedOn.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";"));
  }

  static Map<String, String> decode(String text) {
    var map = new TreeMap<String, String>();
    for (String part : text.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        map.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return map;
  }
}
