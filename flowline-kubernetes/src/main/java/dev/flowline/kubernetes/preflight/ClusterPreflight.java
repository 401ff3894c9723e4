package dev.flowline.kubernetes.preflight;

import dev.flowline.config.Problem;
import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.kubernetes.preflight.ClusterReads.Failed;
import dev.flowline.kubernetes.preflight.ClusterReads.Forbidden;
import dev.flowline.kubernetes.preflight.ClusterReads.Found;
import dev.flowline.kubernetes.preflight.ClusterReads.Read;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.StepContext;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the Kubernetes steps of a run against the cluster before anything is submitted, and
 * reports every problem at once, each naming the steps, the object, what is wrong and the fix:
 *
 * <ul>
 *   <li>the namespace exists (and is not being deleted);
 *   <li>the pod's service account, Secrets ({@code envFrom}) and image pull Secrets exist;
 *   <li>its PersistentVolumeClaims exist and are bound (a claim whose storage class binds on first
 *       use is a note);
 *   <li>the namespace's ResourceQuotas have room for one pod of the step now (and its Job);
 *   <li>some node could run the pod: node selector, tolerations, allocatable resources (skipped,
 *       with a note, when the account may not list nodes);
 *   <li>the account may do everything Flowline does in the namespace ({@link
 *       AccessReview#REQUIRED}), asked with SelfSubjectAccessReviews; for a gang ({@code @Parallel}
 *       step, {@link #withGangs}) also what its JobSet and headless Service need ({@link
 *       AccessReview#gang}).
 * </ul>
 *
 * <p>The checks read the step's pod as {@code kubernetes render} builds it ({@link
 * JobRenderer#template}), so they see exactly what is submitted. One instance serves one run: each
 * object is read once, however many steps name it. A read the account may not make becomes a note
 * (Flowline itself does not need to read Secrets, quotas or nodes); an API server that cannot be
 * reached, or refuses the credentials, is one problem and ends the checks.
 */
public final class ClusterPreflight {
  /**
   * What a preflight found.
   *
   * @param problems what would make the run fail, each naming its steps; empty when none
   * @param notes checks skipped and things worth knowing that do not stop a run
   */
  public record Report(List<Problem> problems, List<String> notes) {
    /** Canonical form: immutable lists. */
    public Report {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }

    /** Whether nothing stops the run. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final KubernetesClient client;
  private final ClusterReads reads = new ClusterReads();
  private final JobRenderer renderer = new JobRenderer();
  private final boolean nodeFitStops;
  private final Set<String> gangSteps;
  private final String jobSetApiVersion;

  /** A preflight of one run through {@code client}; reads are cached for its lifetime. */
  public ClusterPreflight(KubernetesClient client) {
    this(client, true, Set.of(), null);
  }

  private ClusterPreflight(
      KubernetesClient client,
      boolean nodeFitStops,
      Set<String> gangSteps,
      String jobSetApiVersion) {
    this.client = client;
    this.nodeFitStops = nodeFitStops;
    this.gangSteps = Set.copyOf(gangSteps);
    this.jobSetApiVersion = jobSetApiVersion;
  }

  /**
   * This preflight, knowing that {@code steps} are gangs ({@code @Parallel}) that run as JobSets of
   * {@code jobSetApiVersion} ({@code group/version}): their permissions include the JobSets' and
   * the headless Services' ({@link #requiredGangRules}).
   */
  public ClusterPreflight withGangs(Collection<String> steps, String jobSetApiVersion) {
    return new ClusterPreflight(client, nodeFitStops, new LinkedHashSet<>(steps), jobSetApiVersion);
  }

  /**
   * The preflight a run does before it submits anything: as {@code kubernetes preflight}, except
   * that a pod no node fits now is a note, not a problem. A cluster autoscaler may add the node
   * once the pod waits, so the run goes on and the step's {@code pendingTimeout} bounds the wait,
   * with the scheduler's message shown while it lasts.
   */
  public static ClusterPreflight forRun(KubernetesClient client) {
    return new ClusterPreflight(client, false, Set.of(), null);
  }

  /**
   * Every problem of running {@code steps} (step name to resolved settings, as {@link
   * dev.flowline.kubernetes.KubernetesPreflight#resolve} gives them) on the cluster of {@code
   * client}; empty when none. For a launcher: call once before submitting anything, and stop the
   * run when the list is not empty.
   */
  public static List<Problem> check(
      KubernetesClient client, Map<String, KubernetesStepSettings> steps) {
    return new ClusterPreflight(client).inspect(steps).problems();
  }

  /** The problems and notes of running {@code steps} on the cluster. */
  public Report inspect(Map<String, KubernetesStepSettings> steps) {
    var findings = new Findings();
    var objects = new ObjectChecks(client, reads, findings);
    Map<String, Set<String>> byNamespace = new LinkedHashMap<>();
    for (var entry : steps.entrySet()) {
      String step = entry.getKey();
      String ns = entry.getValue().namespace();
      Pod pod = pod(entry.getValue());
      if (objects.namespace(step, ns) && reads.fatal().isEmpty()) {
        byNamespace.computeIfAbsent(ns, k -> new LinkedHashSet<>()).add(step);
        objects.serviceAccount(step, ns, pod);
        objects.secrets(step, ns, pod);
        objects.pullSecrets(step, ns, pod);
        objects.claims(step, ns, pod);
        quota(step, ns, pod, findings);
        nodes(step, pod, findings);
      }
      if (reads.fatal().isPresent()) {
        return unreachable(steps.keySet());
      }
    }
    byNamespace.forEach((ns, nsSteps) -> access(ns, nsSteps, findings));
    if (reads.fatal().isPresent()) {
      return unreachable(steps.keySet());
    }
    return new Report(findings.problems(), findings.notes());
  }

  /**
   * The RBAC rules Flowline needs in a step's namespace: a Role with these, bound to the account
   * that runs the flow, is enough (docs/kubernetes.md shows it as YAML).
   */
  public static List<PolicyRule> requiredRules() {
    return AccessReview.rules();
  }

  /**
   * The further RBAC rules a gang ({@code @Parallel} step) on Kubernetes needs, for JobSets of
   * {@code jobSetApiVersion} ({@code group/version}): docs/kubernetes.md shows them too.
   */
  public static List<PolicyRule> requiredGangRules(String jobSetApiVersion) {
    return AccessReview.rules(AccessReview.gang(jobSetApiVersion));
  }

  /** How many API requests this preflight sent so far (tests: each object is read once). */
  int requests() {
    return reads.requests();
  }

  /** The step's pod as submitted (the task's identity does not matter here). */
  private Pod pod(KubernetesStepSettings settings) {
    var template = renderer.template(new StepContext(settings, List.of(), Optional.empty()));
    return new PodBuilder(template.pod())
        .withSpec(
            new PodSpecBuilder(template.pod().getSpec()).withContainers(template.main()).build())
        .build();
  }

  private void quota(String step, String ns, Pod pod, Findings findings) {
    Read<List<ResourceQuota>> quotas =
        reads.read(
            "resourcequotas",
            ns,
            "",
            () -> client.resourceQuotas().inNamespace(ns).list().getItems());
    if (!(quotas instanceof Found<List<ResourceQuota>> q)) {
      skipped(
          quotas,
          "resource quotas of namespace \"" + ns + "\"",
          "a quota may still refuse the steps' pods",
          findings);
      return;
    }
    if (q.value().isEmpty()) {
      return;
    }
    Read<List<LimitRange>> ranges =
        reads.read(
            "limitranges", ns, "", () -> client.limitRanges().inNamespace(ns).list().getItems());
    List<LimitRange> known = ranges instanceof Found<List<LimitRange>> r ? r.value() : List.of();
    for (var verdict : QuotaFit.check(pod, q.value(), known)) {
      List<String> parts = new ArrayList<>();
      List<String> fixes = new ArrayList<>();
      for (var s : verdict.shortfalls()) {
        parts.add(
            s.resource()
                + " needs "
                + PodAsk.show(s.resource(), s.needs(), RoundingMode.UP)
                + ", "
                + (s.left().signum() <= 0
                    ? "nothing"
                    : PodAsk.show(s.resource(), s.left(), RoundingMode.DOWN))
                + " left (hard "
                + s.hard()
                + ", used "
                + s.used()
                + "), short by "
                + PodAsk.show(
                    s.resource(),
                    s.needs().subtract(s.left().max(BigDecimal.ZERO)),
                    RoundingMode.UP));
        if (s.left().signum() > 0
            && (s.resource().contains("cpu")
                || PodAsk.isBytes(s.resource())
                || s.resource().endsWith("/gpu"))) {
          fixes.add(Parameters.atMost(s.resource(), s.left()));
        }
      }
      for (String limit : verdict.missingLimits()) {
        parts.add(
            limit
                + " is limited, but the pod sets no "
                + limit.substring("limits.".length())
                + " limit (qos Burstable sets requests only) and no LimitRange gives a default, so"
                + " the API server refuses it");
        fixes.add(
            "@Kubernetes(qos = \"Guaranteed\") or --with kubernetes:qos=Guaranteed (limits equal"
                + " requests), or a LimitRange with a default "
                + limit.substring("limits.".length())
                + " limit");
      }
      fixes.add(
          "a larger quota (kubectl -n "
              + ns
              + " describe resourcequota "
              + verdict.quota()
              + " shows its use), or wait for the namespace's other pods to finish");
      findings.problem(
          step,
          "resource quota",
          verdict.quota(),
          "in namespace \""
              + ns
              + "\" has no room for one pod of the step: "
              + String.join("; ", parts)
              + ". The Job would be created, but not its pod (FailedCreate: exceeded quota)",
          String.join("; or ", new LinkedHashSet<>(fixes)));
    }
  }

  private void nodes(String step, Pod pod, Findings findings) {
    Read<List<Node>> nodes = reads.read("nodes", "", "", () -> client.nodes().list().getItems());
    if (!(nodes instanceof Found<List<Node>> n)) {
      skipped(
          nodes,
          "nodes",
          "whether some node fits each step's pod is unknown (the scheduler tells at run time)",
          findings);
      return;
    }
    NodeFit.check(pod, n.value())
        .ifPresent(
            verdict -> {
              var spec = pod.getSpec();
              String ask =
                  PodAsk.of(pod).describeRequests()
                      + (spec.getNodeSelector() == null || spec.getNodeSelector().isEmpty()
                          ? ""
                          : ", nodeSelector "
                              + spec.getNodeSelector().entrySet().stream()
                                  .map(e -> e.getKey() + "=" + e.getValue())
                                  .collect(Collectors.joining(",")))
                      + (spec.getTolerations() == null || spec.getTolerations().isEmpty()
                          ? ""
                          : ", " + spec.getTolerations().size() + " toleration(s)");
              if (!nodeFitStops) {
                findings.note(
                    "step '"
                        + step
                        + "': "
                        + ask
                        + " fits none of the "
                        + n.value().size()
                        + " nodes now ("
                        + String.join("; ", verdict.reasons())
                        + "); its pods wait for a node (a cluster autoscaler may add one) up to"
                        + " their pendingTimeout");
                return;
              }
              findings.problem(
                  step,
                  "nodes",
                  ask,
                  "fits none of the "
                      + n.value().size()
                      + " nodes: "
                      + String.join("; ", verdict.reasons())
                      + ". The pod would stay Pending (Unschedulable)",
                  verdict.fixes().isEmpty()
                      ? "nodes that fit (or a cluster autoscaler that adds them)"
                      : String.join("; or ", verdict.fixes()));
            });
  }

  private void access(String ns, Set<String> steps, Findings findings) {
    boolean gangs = steps.stream().anyMatch(gangSteps::contains);
    List<AccessReview.Permission> gang = gangs ? AccessReview.gang(jobSetApiVersion) : List.of();
    List<AccessReview.Permission> required = new ArrayList<>(AccessReview.REQUIRED);
    required.addAll(gang);
    Read<List<AccessReview.Permission>> denied =
        reads.read(
            gangs ? "access+gang" : "access",
            ns,
            "",
            () -> AccessReview.denied(client, ns, required));
    if (!(denied instanceof Found<List<AccessReview.Permission>> d)) {
      skipped(
          denied,
          "permissions in namespace \"" + ns + "\"",
          "the API server tells at run time",
          findings);
      return;
    }
    if (d.value().isEmpty()) {
      return;
    }
    Read<String> user =
        reads.read(
            "user", "", "", () -> AccessReview.user(client).orElse("the kubeconfig's account"));
    String who = user instanceof Found<String> u ? u.value() : "the kubeconfig's account";
    for (String step : steps) {
      boolean isGang = gangSteps.contains(step);
      var lacking =
          d.value().stream().filter(p -> isGang || AccessReview.REQUIRED.contains(p)).toList();
      if (lacking.isEmpty()) {
        continue;
      }
      findings.problem(
          step,
          "permissions",
          who,
          "may not "
              + AccessReview.describe(lacking)
              + " in namespace \""
              + ns
              + (isGang
                  ? "\"; Flowline creates, follows and ends the steps' Jobs, and a gang's JobSet ("
                      + jobSetApiVersion
                      + ") and headless Service, with these"
                  : "\"; Flowline creates, follows and ends the steps' Jobs with these"),
          "bind a Role with the rules in docs/kubernetes.md (\"Permissions\""
              + (isGang ? ", with the rules for gangs" : "")
              + ") to the account:"
              + " kubectl -n "
              + ns
              + " apply -f flowline-role.yaml; or ask the cluster's administrators");
    }
  }

  private void skipped(Read<?> read, String what, String unknown, Findings findings) {
    if (read instanceof Forbidden<?>) {
      findings.note(
          what + ": not checked, the account may not read them (HTTP 403): " + unknown + ".");
    } else if (read instanceof Failed<?> f && reads.fatal().isEmpty()) {
      findings.note(
          what + ": not checked, the API server answered: " + ClusterReads.message(f.error()));
    }
  }

  private Report unreachable(Set<String> steps) {
    var e = reads.fatal().orElseThrow();
    var findings = new Findings();
    boolean credentials = e.getCode() == 401;
    for (String step : steps) {
      findings.problem(
          step,
          "cluster",
          String.valueOf(client.getMasterUrl()),
          credentials
              ? "did not accept the kubeconfig's credentials (HTTP 401): " + ClusterReads.message(e)
              : "cannot be reached: " + rootMessage(e),
          "check the server and credentials of the kubeconfig (KUBECONFIG, --context):"
              + " kubectl get namespaces shows whether they work");
    }
    return new Report(findings.problems(), List.of());
  }

  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return message;
  }
}
