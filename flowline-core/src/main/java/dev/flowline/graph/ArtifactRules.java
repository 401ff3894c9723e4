package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import dev.flowline.model.ParameterModel;
import dev.flowline.model.StepModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;

/**
 * Checks that need the flow's fields and its steps' bytecode, not only the graph: a {@code foreach}
 * over a field that does not exist or cannot be iterated, and a step after a join that reads an
 * artifact which no input path provides (the join neither assigns nor merges it). The second is
 * decided where static analysis can ({@link FieldUsage}): a step whose code may pass the flow
 * object elsewhere is left to the run-time check at the first read.
 */
final class ArtifactRules {
  private final FlowModel model;
  private final List<ClassNode> chain;
  private final ClassFiles classes;
  private final Map<String, FieldNode> fields = new LinkedHashMap<>();

  ArtifactRules(FlowModel model, List<ClassNode> chain, ClassFiles classes) {
    this.model = model;
    this.chain = chain;
    this.classes = classes;
    for (int i = chain.size() - 1; i >= 0; i--) {
      for (FieldNode f : chain.get(i).fields == null ? List.<FieldNode>of() : chain.get(i).fields) {
        if ((f.access & (Opcodes.ACC_STATIC | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC))
            == 0) {
          fields.put(f.name, f);
        }
      }
    }
  }

  /** Adds every problem found to {@code problems}. */
  void check(List<GraphProblem> problems) {
    for (StepModel step : model.steps()) {
      step.foreachField().ifPresent(f -> checkForeachField(step, f, problems));
    }
    checkReadsAfterJoins(problems);
  }

  private void checkForeachField(StepModel step, String name, List<GraphProblem> problems) {
    if (name.equals("?")) {
      return; // not a constant: reported by the reader
    }
    FieldNode field = fields.get(name);
    String call = "foreach(\"" + name + "\", ...)";
    if (field == null) {
      List<String> candidates = iterableFields();
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': "
                  + call
                  + " names no field '"
                  + name
                  + "' of "
                  + model.name(),
              candidates.isEmpty()
                  ? "add a collection or array field and name it in foreach"
                  : "name a collection or array field: "
                      + String.join(", ", closestFirst(name, candidates)),
              step.transitionLine()));
      return;
    }
    Type type = Type.getType(field.desc);
    if (iterable(type) == Boolean.FALSE) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': "
                  + call
                  + " names field '"
                  + name
                  + "' of type "
                  + type.getClassName()
                  + ", which is not a collection or an array",
              "make '" + name + "' a List, another collection or an array of the items",
              step.transitionLine()));
    }
  }

  private List<String> iterableFields() {
    return fields.values().stream()
        .filter(f -> iterable(Type.getType(f.desc)) != Boolean.FALSE)
        .map(f -> f.name)
        .toList();
  }

  private static List<String> closestFirst(String name, List<String> candidates) {
    return candidates.stream()
        .sorted(Comparator.comparingInt((String c) -> distance(name, c)).thenComparing(c -> c))
        .toList();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length()];
  }

  /** TRUE, FALSE, or null when the declared type does not decide it (e.g. Object). */
  private Boolean iterable(Type type) {
    if (type.getSort() == Type.ARRAY) {
      return true;
    }
    if (type.getSort() != Type.OBJECT) {
      return false;
    }
    return iterable(type.getInternalName(), new HashSet<>());
  }

  private Boolean iterable(String internalName, Set<String> seen) {
    if (!seen.add(internalName)) {
      return false;
    }
    if (internalName.equals("java/lang/Object")
        || internalName.equals("java/io/Serializable")
        || internalName.equals("java/lang/Cloneable")) {
      return null; // a field of this type may hold a collection
    }
    if (internalName.startsWith("java/") || internalName.startsWith("javax/")) {
      try {
        Class<?> c = Class.forName(internalName.replace('/', '.'), false, null);
        return Iterable.class.isAssignableFrom(c);
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }
    Optional<ClassNode> node = classes.find(internalName);
    if (node.isEmpty()) {
      return null;
    }
    var supers = new ArrayList<String>();
    if (node.get().superName != null && !node.get().superName.equals("java/lang/Object")) {
      supers.add(node.get().superName);
    }
    if (node.get().interfaces != null) {
      supers.addAll(node.get().interfaces);
    }
    boolean unknown = false;
    for (String s : supers) {
      Boolean r = iterable(s, seen);
      if (Boolean.TRUE.equals(r)) {
        return true;
      }
      unknown |= r == null;
    }
    return unknown ? null : false;
  }

  /**
   * A step after a join that reads an artifact that some step before the join assigns, but that the
   * join neither assigns nor merges: the read would see the field's Java initializer. Fields no
   * step assigns (constants) and parameters pass every join.
   */
  private void checkReadsAfterJoins(List<GraphProblem> problems) {
    Set<String> parameters = new HashSet<>();
    model.parameters().stream().map(ParameterModel::fieldName).forEach(parameters::add);
    var usage = new HashMap<String, Optional<FieldUsage.Usage>>();
    for (StepModel s : model.steps()) {
      usage.put(s.name(), FieldUsage.of(chain, s.name()));
    }
    var parents = new HashMap<String, List<String>>();
    for (StepModel s : model.steps()) {
      for (String n : s.next()) {
        parents.computeIfAbsent(n, k -> new ArrayList<>()).add(s.name());
      }
    }
    // missing.get(S): artifacts that may not reach S's task, with the join that dropped each
    var missing = new HashMap<String, Map<String, String>>();
    var queue = new ArrayDeque<String>();
    model.steps().forEach(s -> queue.add(s.name()));
    int budget = model.steps().size() * (model.steps().size() + 2) + 16;
    while (!queue.isEmpty() && budget-- > 0) {
      String name = queue.poll();
      StepModel step = model.findStep(name).orElse(null);
      if (step == null) {
        continue;
      }
      Map<String, String> in = new TreeMap<>();
      for (String p : parents.getOrDefault(name, List.of())) {
        in.putAll(out(p, missing, usage, parents, parameters));
      }
      if (!in.equals(missing.get(name))) {
        missing.put(name, in);
        queue.addAll(step.next());
      }
    }
    for (StepModel step : model.steps()) {
      Optional<FieldUsage.Usage> u = usage.get(step.name());
      Map<String, String> in = missing.getOrDefault(step.name(), Map.of());
      if (step.isJoin() || u.isEmpty() || in.isEmpty()) {
        continue; // a join's reads may be of its inputs; unknown usage is checked at run time
      }
      for (String field : new TreeSet<>(u.get().read())) {
        String join = in.get(field);
        if (join != null && !u.get().written().contains(field)) {
          problems.add(
              new GraphProblem(
                  step.name(),
                  "step '"
                      + step.name()
                      + "' reads artifact '"
                      + field
                      + "', but join step '"
                      + join
                      + "' neither assigns nor merges it, so no input path provides it there (a"
                      + " join passes on only parameters, what it assigns and what"
                      + " mergeArtifacts copies; the read would see the field's Java initializer)",
                  "in '"
                      + join
                      + "', call mergeArtifacts(inputs) (naming the artifacts to exclude that differ"
                      + " between the inputs), or assign "
                      + field
                      + " there",
                  step.line()));
        }
      }
    }
  }

  private Map<String, String> out(
      String stepName,
      Map<String, Map<String, String>> missing,
      Map<String, Optional<FieldUsage.Usage>> usage,
      Map<String, List<String>> parents,
      Set<String> parameters) {
    StepModel step = model.findStep(stepName).orElse(null);
    Optional<FieldUsage.Usage> u = usage.getOrDefault(stepName, Optional.empty());
    if (step == null || u.isEmpty()) {
      return Map.of(); // unknown writes: assume it may assign everything
    }
    var out = new TreeMap<String, String>();
    out.putAll(missing.getOrDefault(stepName, Map.of()));
    if (step.isJoin() && !u.get().merges()) {
      for (String field : assignedBefore(stepName, usage, parents)) {
        if (!parameters.contains(field) && fields.containsKey(field)) {
          out.putIfAbsent(field, stepName);
        }
      }
    }
    u.get().written().forEach(out::remove);
    return out;
  }

  /** The fields assigned by some step before {@code stepName} (its ancestors). */
  private Set<String> assignedBefore(
      String stepName,
      Map<String, Optional<FieldUsage.Usage>> usage,
      Map<String, List<String>> parents) {
    var seen = new HashSet<String>();
    var queue = new ArrayDeque<>(parents.getOrDefault(stepName, List.of()));
    var assigned = new TreeSet<String>();
    while (!queue.isEmpty()) {
      String s = queue.poll();
      if (!seen.add(s)) {
        continue;
      }
      usage.getOrDefault(s, Optional.empty()).ifPresent(u -> assigned.addAll(u.written()));
      queue.addAll(parents.getOrDefault(s, List.of()));
    }
    return assigned;
  }
}
