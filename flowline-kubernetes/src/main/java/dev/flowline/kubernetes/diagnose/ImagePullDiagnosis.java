package dev.flowline.kubernetes.diagnose;

import dev.flowline.kubernetes.ImageReference;
import dev.flowline.kubernetes.config.KubernetesOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A container waiting on its image. The kubelet's waiting reasons: {@code ErrImagePull} (a pull
 * just failed; the message is the container runtime's error), {@code ImagePullBackOff} (the next
 * pull waits; since Kubernetes 1.32 the message carries the last error: {@code Back-off pulling
 * image "X": ErrImagePull: ...}, before that only the {@code Failed} event {@code Failed to pull
 * image "X": ...} did), {@code InvalidImageName}, {@code ErrImageNeverPull}, {@code
 * RegistryUnavailable}, {@code SignatureValidationFailed}, {@code ImageInspectError}
 * (pkg/kubelet/images). A missing image fails the task at once; refused credentials once the pull
 * has been retried (the first refusal can be a credential helper starting up; a retry shows as
 * {@code ImagePullBackOff}, a {@code BackOff} event or a repeated {@code Failed} event); an
 * unreachable registry or an unknown error waits.
 */
final class ImagePullDiagnosis {
  static final Set<String> REASONS =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "RegistryUnavailable",
          "SignatureValidationFailed",
          "ImageInspectError");

  private static final String BACK_OFF = "Back-off pulling image ";

  /** What a pull error says. */
  enum PullError {
    NOT_FOUND,
    UNAUTHORIZED,
    INVALID,
    NEVER_PULL,
    SIGNATURE,
    UNREACHABLE,
    UNKNOWN
  }

  private ImagePullDiagnosis() {}

  static Stuck of(Pod pod, ContainerStatus status, List<Event> podEvents) {
    ContainerStateWaiting waiting = status.getState().getWaiting();
    String reason = waiting.getReason();
    String message = waiting.getMessage() == null ? "" : waiting.getMessage().trim();
    String image =
        PodFacts.container(pod, status.getName())
            .map(Container::getImage)
            .orElse(status.getImage());
    String evidence = message.isEmpty() ? reason : message;
    PullError error;
    boolean retried = false;
    switch (reason) {
      case "InvalidImageName" -> error = PullError.INVALID;
      case "ErrImageNeverPull" -> error = PullError.NEVER_PULL;
      case "SignatureValidationFailed" -> error = PullError.SIGNATURE;
      case "RegistryUnavailable" -> error = PullError.UNREACHABLE;
      case "ImagePullBackOff" -> {
        retried = true;
        String last = lastError(message);
        if (last.isEmpty()) {
          Optional<Event> failed = lastFailedPull(podEvents, image);
          if (failed.isPresent()) {
            last = Events.message(failed.get());
            evidence = evidence + " (last failure, event Failed: " + last + ")";
          }
        }
        error = classify(last);
      }
      default -> {
        error = classify(message);
        retried = pulledBefore(podEvents, image);
      }
    }
    boolean permanent =
        switch (error) {
          case NOT_FOUND, INVALID, NEVER_PULL, SIGNATURE -> true;
          case UNAUTHORIZED -> retried;
          case UNREACHABLE, UNKNOWN -> false;
        };
    String container = PodFacts.describeContainer(pod, status.getName());
    String summary = summary(error, image, container, PodFacts.spec(pod).getNodeName());
    String fix = fix(error, image, pod);
    return permanent
        ? Stuck.permanent(StuckCause.IMAGE_PULL, summary, evidence, fix)
        : Stuck.waiting(
            StuckCause.IMAGE_PULL,
            summary,
            evidence,
            fix,
            "waiting to pull image \"" + image + "\" (" + reason + "): " + evidence);
  }

  /** The last pull error carried by an {@code ImagePullBackOff} message, or empty. */
  private static String lastError(String message) {
    if (!message.startsWith(BACK_OFF)) {
      return "";
    }
    int close = message.indexOf('"', BACK_OFF.length() + 1);
    if (close < 0 || !message.startsWith(": ", close + 1)) {
      return "";
    }
    return message.substring(close + 3).trim();
  }

  /**
   * Whether the kubelet has already backed off from this image once: a {@code BackOff} event for
   * it, or a failed pull it saw more than once. The first {@code ErrImagePull} has neither.
   */
  private static boolean pulledBefore(List<Event> podEvents, String image) {
    String quoted = "\"" + image + "\"";
    return Events.latest(
                podEvents,
                e -> "BackOff".equals(e.getReason()) && Events.message(e).equals(BACK_OFF + quoted))
            .isPresent()
        || lastFailedPull(podEvents, image)
            .map(e -> e.getCount() != null && e.getCount() > 1)
            .orElse(false);
  }

  private static Optional<Event> lastFailedPull(List<Event> podEvents, String image) {
    return Events.latest(
        podEvents,
        e ->
            "Failed".equals(e.getReason())
                && Events.message(e).startsWith("Failed to pull image")
                && (image == null || Events.message(e).contains("\"" + image + "\"")));
  }

  /** What a container runtime's pull error says (containerd, CRI-O and registry wordings). */
  static PullError classify(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return PullError.UNKNOWN;
    }
    if (t.contains("signature validation failed") || t.startsWith("signaturevalidationfailed")) {
      return PullError.SIGNATURE;
    }
    if (t.contains("invalid reference format") || t.contains("couldn't parse image name")) {
      return PullError.INVALID;
    }
    if (t.contains("unauthorized")
        || t.contains("authorization failed")
        || t.contains("authentication required")
        || t.contains("pull access denied")
        || t.contains("access denied")
        || t.contains("requested access to the resource is denied")
        || t.contains("no basic auth credentials")
        || t.contains("403 forbidden")) {
      return PullError.UNAUTHORIZED;
    }
    if (t.contains("not found")
        || t.contains("manifest unknown")
        || t.contains("code = notfound")
        || t.contains("name unknown")
        || t.contains("no such image")) {
      return PullError.NOT_FOUND;
    }
    if (t.contains("registry is unavailable")
        || t.contains("no such host")
        || t.contains("i/o timeout")
        || t.contains("connection refused")
        || t.contains("handshake timeout")
        || t.contains("deadline exceeded")
        || t.contains("x509")) {
      return PullError.UNREACHABLE;
    }
    return PullError.UNKNOWN;
  }

  private static String summary(PullError error, String image, String container, String node) {
    String quoted = "\"" + image + "\"";
    return switch (error) {
      case NOT_FOUND -> "the image " + quoted + " of " + container + " does not exist";
      case UNAUTHORIZED ->
          "registry "
              + ImageReference.registry(image)
              + " refused to let "
              + container
              + " pull the image "
              + quoted;
      case INVALID -> "the image " + quoted + " of " + container + " is not a valid reference";
      case NEVER_PULL ->
          "the image "
              + quoted
              + " of "
              + container
              + " is not on node "
              + (node == null ? "(none)" : node)
              + " and imagePullPolicy is Never";
      case SIGNATURE -> "the image " + quoted + " of " + container + " failed signature validation";
      case UNREACHABLE, UNKNOWN -> "the image " + quoted + " of " + container + " cannot be pulled";
    };
  }

  private static String fix(PullError error, String image, Pod pod) {
    String registry = ImageReference.registry(image);
    String setting =
        "The image comes from @Kubernetes(image = ...) or "
            + KubernetesOptions.CONTAINER_IMAGE.key()
            + " ("
            + KubernetesOptions.CONTAINER_REGISTRY.key()
            + " is put in front of images without a registry).";
    List<String> secrets = PodFacts.pullSecrets(pod);
    String secretSetting =
        "@Kubernetes(imagePullSecrets = ...) or " + KubernetesOptions.IMAGE_PULL_SECRETS.key();
    return switch (error) {
      case NOT_FOUND ->
          "Check the name and tag in registry "
              + registry
              + " (`docker manifest inspect "
              + image
              + "`). "
              + setting;
      case UNAUTHORIZED ->
          (secrets.isEmpty()
                  ? "The pod has no imagePullSecrets: create a Secret of type"
                      + " kubernetes.io/dockerconfigjson with credentials for "
                      + registry
                      + " in namespace "
                      + PodFacts.namespace(pod)
                      + " and name it in "
                      + secretSetting
                      + "."
                  : "The pod pulls with imagePullSecrets "
                      + String.join(", ", secrets)
                      + ": check that they exist in namespace "
                      + PodFacts.namespace(pod)
                      + " and hold credentials for "
                      + registry
                      + " that may read the image (they are set with "
                      + secretSetting
                      + ").")
              + " Some registries answer the same for images that do not exist: check the name"
              + " and tag too.";
      case INVALID -> "Write it as [registry/]name[:tag] or name@sha256:digest. " + setting;
      case NEVER_PULL ->
          "Set imagePullPolicy to IfNotPresent or Always with @Kubernetes(imagePullPolicy = ...) or "
              + KubernetesOptions.IMAGE_PULL_POLICY.key()
              + ", or load the image onto the nodes.";
      case SIGNATURE -> "Use an image signed as the cluster's image policy requires. " + setting;
      case UNREACHABLE, UNKNOWN ->
          "Kubernetes retries with back-off; if it persists, check that registry "
              + registry
              + " is reachable from the nodes"
              + (secrets.isEmpty()
                  ? "."
                  : " and that imagePullSecrets " + String.join(", ", secrets) + " are valid.");
    };
  }
}
