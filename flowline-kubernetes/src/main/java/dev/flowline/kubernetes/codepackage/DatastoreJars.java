package dev.flowline.kubernetes.codepackage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which class path entries a task does not need because they serve only datastores it does not use:
 * with datastore {@code s3}, the Azure and Google Cloud modules and the jars only they bring (the
 * Azure and Google SDKs, Reactor, gRPC, ...) stay home. Shipping them would cost every pod tens of
 * MB of downloads for classes that are never loaded.
 *
 * <p>The rule. Each Flowline module carries {@code META-INF/flowline/runtime-dependencies}, the
 * file names of its runtime dependencies written at build time by maven-dependency-plugin ({@code
 * build-classpath}), and each datastore module also {@code META-INF/flowline/datastore}, its kind
 * ({@code s3}, {@code azure}, {@code gs}). For datastore kind {@code K}:
 *
 * <ol>
 *   <li>a datastore module of another kind is left out;
 *   <li>a jar that is no Flowline module is left out when its file name is listed by a left-out
 *       datastore module and by no other Flowline module on the class path (flowline-core,
 *       flowline-kubernetes, the datastore module of {@code K}, ...): Jackson stays, because
 *       flowline-core lists it; Netty stays with {@code s3}, because flowline-s3 lists it;
 *   <li>but a jar of rule 2 is kept again when something the task keeps and that Flowline does not
 *       know about needs it: the user's classes and libraries (every kept entry that is neither a
 *       Flowline module nor listed by one) refer to a package it holds (constant pool references,
 *       {@link ClassFileReferences}), or it provides a service ({@code META-INF/services}) whose
 *       interface a kept entry holds. Jars kept again are examined the same way, until nothing
 *       changes. So a flow that uses Guava itself keeps Guava, though only flowline-gcs lists it.
 * </ol>
 *
 * <p>Everything else is kept, in class path order. What this cannot see: a class loaded only by
 * name through reflection from a library that only left-out datastores need. Such a task can use an
 * image that holds the application ({@code METAFLOW_KUBERNETES_CODE_PACKAGE=image}).
 */
final class DatastoreJars {
  private DatastoreJars() {}

  /**
   * The entries a task on datastore {@code kind} needs, and those it does not.
   *
   * @param kept the entries to ship, in class path order
   * @param leftOut the entries left out, in class path order
   */
  record Selection(List<Path> kept, List<Path> leftOut) {
    /** Canonical form: immutable lists. */
    Selection {
      kept = List.copyOf(kept);
      leftOut = List.copyOf(leftOut);
    }
  }

  /** Applies the rule above to {@code entries} (existing jars and folders) for {@code kind}. */
  static Selection select(List<Path> entries, String kind, ClassPathInspector inspector)
      throws IOException {
    Map<Path, ClassPathInspector.Contents> contents = new LinkedHashMap<>();
    for (Path e : entries) {
      contents.put(e, inspector.contents(e));
    }
    Set<String> listedByUnused = new HashSet<>();
    Set<String> listedByNeeded = new HashSet<>();
    Set<Path> leftOut = new HashSet<>();
    for (var e : contents.entrySet()) {
      var c = e.getValue();
      if (!c.isFlowlineModule()) {
        continue;
      }
      if (c.datastore().isPresent() && !c.datastore().get().equals(kind)) {
        leftOut.add(e.getKey());
        listedByUnused.addAll(c.dependencies().orElseThrow());
      } else {
        listedByNeeded.addAll(c.dependencies().orElseThrow());
      }
    }
    // rule 2: candidates, by the packages they hold
    Map<String, List<Path>> candidateByPackage = new HashMap<>();
    List<Path> foreign = new ArrayList<>();
    for (var e : contents.entrySet()) {
      Path p = e.getKey();
      var c = e.getValue();
      if (c.isFlowlineModule()) {
        continue;
      }
      String name = p.getFileName().toString();
      if (listedByUnused.contains(name) && !listedByNeeded.contains(name)) {
        leftOut.add(p);
        c.packages()
            .forEach(pkg -> candidateByPackage.computeIfAbsent(pkg, k -> new ArrayList<>()).add(p));
      } else if (!listedByNeeded.contains(name) && !listedByUnused.contains(name)) {
        foreign.add(p);
      }
    }
    if (!candidateByPackage.isEmpty()) {
      keepWhatIsNeeded(contents, leftOut, candidateByPackage, foreign, inspector);
    }
    List<Path> kept = new ArrayList<>();
    List<Path> out = new ArrayList<>();
    for (Path p : contents.keySet()) {
      (leftOut.contains(p) ? out : kept).add(p);
    }
    return new Selection(kept, out);
  }

  /**
   * Rule 3: keeps again the candidates that the user's code and libraries ({@code foreign}) refer
   * to, or that provide a service of a kept package, and then what those refer to, until nothing
   * changes.
   */
  private static void keepWhatIsNeeded(
      Map<Path, ClassPathInspector.Contents> contents,
      Set<Path> leftOut,
      Map<String, List<Path>> candidateByPackage,
      List<Path> foreign,
      ClassPathInspector inspector)
      throws IOException {
    Set<Path> candidates = new LinkedHashSet<>();
    candidateByPackage.values().forEach(candidates::addAll);
    Set<String> keptPackages = new HashSet<>();
    contents.forEach(
        (p, c) -> {
          if (!leftOut.contains(p)) {
            keptPackages.addAll(c.packages());
          }
        });
    Deque<Path> toExamine = new ArrayDeque<>(foreign);
    Set<Path> examined = new HashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      while (!toExamine.isEmpty()) {
        Path p = toExamine.poll();
        if (!examined.add(p)) {
          continue;
        }
        for (String pkg : inspector.referencedPackages(p)) {
          for (Path candidate : candidateByPackage.getOrDefault(pkg, List.of())) {
            if (leftOut.remove(candidate)) {
              keptPackages.addAll(contents.get(candidate).packages());
              toExamine.add(candidate);
            }
          }
        }
      }
      for (Path candidate : candidates) {
        if (leftOut.contains(candidate)
            && providesServiceOf(contents.get(candidate), keptPackages)) {
          leftOut.remove(candidate);
          keptPackages.addAll(contents.get(candidate).packages());
          toExamine.add(candidate);
          changed = true;
        }
      }
    }
  }

  private static boolean providesServiceOf(
      ClassPathInspector.Contents c, Set<String> keptPackages) {
    for (String service : c.services()) {
      int dot = service.lastIndexOf('.');
      if (dot > 0 && keptPackages.contains(service.substring(0, dot).replace('.', '/'))) {
        return true;
      }
    }
    return false;
  }
}
