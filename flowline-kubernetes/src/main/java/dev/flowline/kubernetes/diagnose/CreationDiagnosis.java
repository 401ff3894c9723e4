package dev.flowline.kubernetes.diagnose;

import dev.flowline.kubernetes.config.KubernetesOptions;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Job whose pod the API server refuses to create: the Job controller records {@code FailedCreate}
 * with {@code Error creating: <error>} (pkg/controller/controller_utils.go) and tries again with
 * back-off. A quota used by others waits; a request above the quota's own limit, a quota that
 * demands limits the pod does not set, and other admission refusals (Pod Security, LimitRange,
 * missing ServiceAccount) fail at once; a webhook or API server hiccup waits.
 */
final class CreationDiagnosis {
  private static final Pattern FAILED_QUOTA = Pattern.compile("failed quota: ([^:\\s]+): (.*)");
  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile("error looking up service account ([^:\\s]+)");

  private CreationDiagnosis() {}

  /**
   * Why the Job's pod is not created, from the Job's events; empty when no creation failed since
   * the last successful one.
   */
  static Optional<Stuck> of(List<Event> jobEvents) {
    Optional<Event> latest =
        Events.latest(
            jobEvents,
            e -> "FailedCreate".equals(e.getReason()) || "SuccessfulCreate".equals(e.getReason()));
    if (latest.isEmpty() || !"FailedCreate".equals(latest.get().getReason())) {
      return Optional.empty();
    }
    Event e = latest.get();
    String message = Events.message(e);
    String namespace =
        e.getInvolvedObject() != null && e.getInvolvedObject().getNamespace() != null
            ? e.getInvolvedObject().getNamespace()
            : e.getMetadata() == null ? "default" : e.getMetadata().getNamespace();
    Optional<QuotaMessage> quota = QuotaMessage.parse(message);
    if (quota.isPresent()) {
      return Optional.of(quota(quota.get(), namespace, message));
    }
    Matcher failed = FAILED_QUOTA.matcher(message);
    if (failed.find()) {
      return Optional.of(
          Stuck.permanent(
              StuckCause.QUOTA_EXCEEDED,
              "quota " + failed.group(1) + " of namespace " + namespace + " refuses the pod",
              message,
              "The quota tracks resources the pod must then declare ("
                  + failed.group(2).trim()
                  + "). Flowline sets limits only with QoS Guaranteed: @Kubernetes(qos ="
                  + " \"Guaranteed\") or "
                  + KubernetesOptions.QOS.key()
                  + "=Guaranteed (limits then equal requests); or ask the namespace's"
                  + " administrators for a LimitRange that gives defaults."));
    }
    return Optional.of(rejected(message, namespace));
  }

  private static Stuck quota(QuotaMessage q, String namespace, String message) {
    String describe = "`kubectl describe resourcequota " + q.quota() + " -n " + namespace + "`";
    if (q.aboveLimit()) {
      Map<String, String> above = q.aboveLimitResources();
      String lower =
          above.entrySet().stream()
              .map(
                  e ->
                      ResourceSettings.noun(e.getKey())
                          + " to at most "
                          + QuotaMessage.amount(e.getValue())
                              .map(a -> PodFacts.amount(e.getKey(), a))
                              .orElse(e.getValue())
                          + " with "
                          + ResourceSettings.settings(e.getKey()))
              .collect(Collectors.joining("; "));
      return Stuck.permanent(
          StuckCause.QUOTA_EXCEEDED,
          "the pod asks for more than quota "
              + q.quota()
              + " of namespace "
              + namespace
              + " allows at all",
          message,
          "It asks for "
              + QuotaMessage.show(q.requested())
              + " but the quota's limit is "
              + QuotaMessage.show(q.limited())
              + " for the whole namespace: lower "
              + lower
              + ", or ask the namespace's administrators to raise quota "
              + q.quota()
              + " ("
              + describe
              + ").");
    }
    String progress =
        "waiting for quota "
            + q.quota()
            + ": requested "
            + QuotaMessage.show(q.requested())
            + ", used "
            + QuotaMessage.show(q.used())
            + ", limited "
            + QuotaMessage.show(q.limited());
    return Stuck.waiting(
        StuckCause.QUOTA_EXCEEDED,
        "quota " + q.quota() + " of namespace " + namespace + " is used up by other pods",
        message,
        "The pod asks for "
            + QuotaMessage.show(q.requested())
            + "; the quota allows "
            + QuotaMessage.show(q.limited())
            + " and "
            + QuotaMessage.show(q.used())
            + " is in use. The Job controller creates the pod when other pods finish; to start"
            + " sooner, ask for less or ask the namespace's administrators to raise quota "
            + q.quota()
            + " ("
            + describe
            + ").",
        progress);
  }

  private static Stuck rejected(String message, String namespace) {
    String m = message.toLowerCase(Locale.ROOT);
    Matcher sa = SERVICE_ACCOUNT.matcher(message);
    boolean missingAccount = sa.find();
    String fix;
    boolean waiting = false;
    if (m.contains("violates podsecurity")) {
      fix =
          "Namespace "
              + namespace
              + " enforces the Pod Security Standard the message names: @Kubernetes(securityProfile"
              + " = \"restricted\") or "
              + KubernetesOptions.SECURITY_PROFILE.key()
              + "=restricted makes the pod pass \"restricted\"; or drop the securityContext"
              + " entries it lists.";
    } else if (missingAccount || (m.contains("serviceaccount") && m.contains("not found"))) {
      fix =
          "The ServiceAccount does not exist"
              + (missingAccount ? " (" + sa.group(1) + ")" : "")
              + ": create it, or change @Kubernetes(serviceAccount = ...) or "
              + KubernetesOptions.SERVICE_ACCOUNT.key()
              + ".";
    } else if (m.contains("limitrange")
        || m.contains("per container")
        || m.contains("per pod")
        || m.contains("must be less than or equal to")) {
      fix =
          "A LimitRange of namespace "
              + namespace
              + " bounds each container's or pod's resources (`kubectl describe limitrange -n "
              + namespace
              + "`): change cpu, memory or disk with @Kubernetes(...), @Resources(...) or "
              + KubernetesOptions.CPU.key()
              + ", "
              + KubernetesOptions.MEMORY.key()
              + ", "
              + KubernetesOptions.DISK.key()
              + ".";
    } else if (m.contains("failed calling webhook")
        || m.contains("timeout")
        || m.contains("timed out")
        || m.contains("connection refused")
        || m.contains("internal error")
        || m.contains("the server is currently unable")
        || m.contains("too many requests")) {
      waiting = true;
      fix =
          "The API server or one of its webhooks failed; the Job controller tries again. If it"
              + " persists, ask the cluster's administrators.";
    } else {
      fix =
          "Change the setting the API server's message names, or ask the cluster's administrators.";
    }
    String summary = "the API server refused to create the pod";
    return waiting
        ? Stuck.waiting(
            StuckCause.POD_REJECTED,
            summary,
            message,
            fix,
            "waiting for the pod to be created: " + message)
        : Stuck.permanent(StuckCause.POD_REJECTED, summary, message, fix);
  }
}
