package dev.flowline.kubernetes.diagnose;

import dev.flowline.kubernetes.config.KubernetesOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pod on its node whose containers are not created yet: a container the kubelet cannot configure
 * ({@code CreateContainerConfigError}: a Secret, ConfigMap or key it refers to is missing, or the
 * image runs as root under {@code runAsNonRoot}), a volume that does not mount ({@code FailedMount}
 * and {@code FailedAttachVolume} events), or plain {@code ContainerCreating}. Messages are the
 * kubelet's (pkg/kubelet/kubelet_pods.go, kuberuntime, volumemanager).
 */
final class ContainerStartDiagnosis {
  private static final Pattern MISSING_OBJECT =
      Pattern.compile("(secret|configmap) \"([^\"]+)\" not found", Pattern.CASE_INSENSITIVE);
  private static final Pattern MISSING_KEY =
      Pattern.compile("couldn't find key (\\S+) in (Secret|ConfigMap) ([^/\\s]+)/(\\S+)");
  private static final Pattern UNMOUNTED = Pattern.compile("unmounted volumes=\\[([^]]*)]");
  private static final Set<String> STARTING_EVENTS =
      Set.of(
          "FailedMount",
          "FailedAttachVolume",
          "SuccessfulAttachVolume",
          "Pulling",
          "Pulled",
          "Created",
          "Started");

  private ContainerStartDiagnosis() {}

  /** {@code CreateContainerConfigError} of {@code status}. */
  static Stuck configError(Pod pod, ContainerStatus status) {
    String message = Objects.toString(status.getState().getWaiting().getMessage(), "").trim();
    String container = PodFacts.describeContainer(pod, status.getName());
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("failed to sync") || m.contains("timed out waiting")) {
      return Stuck.waiting(
          StuckCause.CONTAINER_CONFIG,
          container + " cannot be configured yet",
          message,
          "The kubelet has not read the Secrets or ConfigMaps the container refers to yet; it"
              + " retries.",
          "waiting for " + container + " to be configured: " + message);
    }
    Matcher key = MISSING_KEY.matcher(message);
    if (key.find()) {
      return Stuck.permanent(
          StuckCause.CONTAINER_CONFIG,
          container
              + " refers to key "
              + key.group(1)
              + " that "
              + key.group(2)
              + " "
              + key.group(4)
              + " does not have",
          message,
          "Add key "
              + key.group(1)
              + " to "
              + key.group(2)
              + " "
              + key.group(4)
              + " in namespace "
              + key.group(3)
              + ", or stop referring to it.");
    }
    Matcher missing = MISSING_OBJECT.matcher(message);
    if (missing.find()) {
      String kind = missing.group(1).equalsIgnoreCase("secret") ? "Secret" : "ConfigMap";
      String name = missing.group(2);
      return Stuck.permanent(
          StuckCause.CONTAINER_CONFIG,
          container + " refers to " + kind + " " + name + ", which does not exist",
          message,
          "Create "
              + kind
              + " "
              + name
              + " in namespace "
              + PodFacts.namespace(pod)
              + (envFromSecret(pod, status.getName(), name)
                  ? ", or remove it from @Kubernetes(secrets = ...) or "
                      + KubernetesOptions.SECRETS.key()
                      + " (each of them becomes an envFrom secretRef)."
                  : ", or stop referring to it."));
    }
    if (m.contains("runasnonroot") || m.contains("non-root") || m.contains("non-numeric user")) {
      return Stuck.permanent(
          StuckCause.CONTAINER_CONFIG,
          container + " would run as root, which its securityContext forbids",
          message,
          "Give it a numeric non-root user with @Kubernetes(securityContext = \"runAsUser=1000\")"
              + " (securityProfile restricted does), or use an image whose USER is a non-root"
              + " number.");
    }
    return Stuck.permanent(
        StuckCause.CONTAINER_CONFIG,
        container + " cannot be configured",
        message,
        "Change the part of the pod the kubelet's message names.");
  }

  /** {@code CreateContainerError}: the runtime could not create it; the kubelet retries. */
  static Stuck createError(Pod pod, ContainerStatus status) {
    String message = Objects.toString(status.getState().getWaiting().getMessage(), "").trim();
    String container = PodFacts.describeContainer(pod, status.getName());
    return Stuck.waiting(
        StuckCause.CONTAINER_CONFIG,
        "the container runtime cannot create " + container,
        message,
        "The kubelet retries; if it persists, the runtime's message says what to change.",
        "waiting for " + container + " to be created: " + message);
  }

  /**
   * A pod whose containers are being created: a volume failure when the latest of its starting
   * events is one, else plain progress ({@code ContainerCreating}, pulling an image, an init
   * container running).
   */
  static Stuck creating(Pod pod, String container, String reason, List<Event> podEvents) {
    Optional<Event> latest = Events.latest(podEvents, e -> STARTING_EVENTS.contains(e.getReason()));
    if (latest.isPresent()
        && ("FailedMount".equals(latest.get().getReason())
            || "FailedAttachVolume".equals(latest.get().getReason()))) {
      return mount(pod, latest.get());
    }
    String node = Objects.toString(PodFacts.spec(pod).getNodeName(), "(none)");
    String what;
    Optional<ContainerStatus> runningInit =
        PodFacts.initStatuses(pod).stream()
            .filter(s -> s.getState() != null && s.getState().getRunning() != null)
            .findFirst();
    if (runningInit.isPresent()) {
      what = "init container " + runningInit.get().getName() + " is running";
    } else if (latest.isPresent() && "Pulling".equals(latest.get().getReason())) {
      what = Events.message(latest.get());
    } else {
      what = "creating " + PodFacts.describeContainer(pod, container);
    }
    return Stuck.waiting(
        StuckCause.CONTAINER_CREATING,
        "the pod is starting on node " + node,
        reason,
        "Nothing to change yet: a large image takes a while to pull.",
        "starting on node " + node + " (" + reason + "): " + what);
  }

  private static Stuck mount(Pod pod, Event event) {
    String message = Events.message(event);
    Matcher missing = MISSING_OBJECT.matcher(message);
    if (missing.find()) {
      String kind = missing.group(1).equalsIgnoreCase("secret") ? "Secret" : "ConfigMap";
      return Stuck.permanent(
          StuckCause.VOLUME_MOUNT,
          "a volume of the pod needs " + kind + " " + missing.group(2) + ", which does not exist",
          message,
          "Create "
              + kind
              + " "
              + missing.group(2)
              + " in namespace "
              + PodFacts.namespace(pod)
              + ", or stop mounting it.");
    }
    Map<String, String> claimsByVolume = PodFacts.claimsByVolume(pod);
    List<String> claims = new ArrayList<>();
    Matcher unmounted = UNMOUNTED.matcher(message);
    if (unmounted.find()) {
      for (String v : unmounted.group(1).trim().split("\\s+")) {
        if (claimsByVolume.containsKey(v)) {
          claims.add(claimsByVolume.get(v));
        }
      }
    }
    if (claims.isEmpty()) {
      claims.addAll(claimsByVolume.values());
    }
    String fix;
    if (message.startsWith("Multi-Attach error")) {
      fix =
          "The volume can be attached to one node at a time and another pod on another node"
              + " holds it; the task waits for it to be released.";
    } else if (claims.isEmpty()) {
      fix = "The kubelet retries; `kubectl describe pod` lists the volume's events.";
    } else {
      fix =
          "The kubelet retries; check PersistentVolumeClaims "
              + String.join(", ", claims)
              + " (`kubectl describe pvc -n "
              + PodFacts.namespace(pod)
              + "`). The claims come from @Kubernetes(persistentVolumeClaims = ...) or "
              + KubernetesOptions.PERSISTENT_VOLUME_CLAIMS.key()
              + ".";
    }
    return Stuck.waiting(
        StuckCause.VOLUME_MOUNT,
        "a volume of the pod is not mounted yet",
        message,
        fix,
        "waiting for volumes"
            + (claims.isEmpty() ? "" : " (" + String.join(", ", claims) + ")")
            + ": "
            + message);
  }

  private static boolean envFromSecret(Pod pod, String container, String secret) {
    return PodFacts.container(pod, container).map(Container::getEnvFrom).orElse(List.of()).stream()
        .map(EnvFromSource::getSecretRef)
        .anyMatch(r -> r != null && secret.equals(r.getName()));
  }
}
