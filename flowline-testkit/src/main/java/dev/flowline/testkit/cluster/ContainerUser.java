package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Who a container's process is, from the pod's and the container's security context as a container
 * runtime applies them: the user ({@code runAsUser}, else the image's, which is root for every
 * image of the catalog), the group ({@code runAsGroup}, else 0), the supplementary groups ({@code
 * fsGroup} and {@code supplementalGroups} of the pod), {@code no_new_privs} ({@code
 * allowPrivilegeEscalation: false}) and the dropped capabilities (taken out of the bounding set, so
 * the process lacks them even as root). The container's fields win over the pod's.
 *
 * @param uid the user id
 * @param gid the group id
 * @param groups the supplementary groups
 * @param noNewPrivs whether the process may not gain privileges (setuid binaries, file
 *     capabilities)
 * @param drop the capabilities dropped, as Kubernetes names them ({@code NET_RAW}, {@code ALL})
 * @param uidGiven whether {@code runAsUser} was set (else the image's user, root)
 */
record ContainerUser(
    long uid,
    long gid,
    List<Long> groups,
    boolean noNewPrivs,
    List<String> drop,
    boolean uidGiven) {

  static ContainerUser of(Pod pod, Container c) {
    var psc = pod.getSpec().getSecurityContext();
    var csc = c.getSecurityContext();
    Long uid = csc != null && csc.getRunAsUser() != null ? csc.getRunAsUser() : null;
    if (uid == null && psc != null) {
      uid = psc.getRunAsUser();
    }
    Long gid = csc != null && csc.getRunAsGroup() != null ? csc.getRunAsGroup() : null;
    if (gid == null && psc != null) {
      gid = psc.getRunAsGroup();
    }
    var groups = new LinkedHashSet<Long>();
    if (psc != null) {
      if (psc.getFsGroup() != null) {
        groups.add(psc.getFsGroup());
      }
      if (psc.getSupplementalGroups() != null) {
        groups.addAll(psc.getSupplementalGroups());
      }
    }
    boolean noNewPrivs = csc != null && Boolean.FALSE.equals(csc.getAllowPrivilegeEscalation());
    List<String> drop =
        csc != null && csc.getCapabilities() != null && csc.getCapabilities().getDrop() != null
            ? List.copyOf(csc.getCapabilities().getDrop())
            : List.of();
    return new ContainerUser(
        uid == null ? 0 : uid,
        gid == null ? 0 : gid,
        new ArrayList<>(groups),
        noNewPrivs,
        drop,
        uid != null);
  }

  /** Whether the process must be started otherwise than as the agent's root. */
  boolean applies() {
    return !equals(new ContainerUser(0, 0, List.of(), false, List.of(), uidGiven));
  }

  /**
   * Kubelet's refusal when {@code runAsNonRoot} is true and the container would run as root, or
   * null.
   */
  static String nonRootViolation(Pod pod, Container c, ContainerUser user) {
    var psc = pod.getSpec().getSecurityContext();
    var csc = c.getSecurityContext();
    Boolean nonRoot = csc != null && csc.getRunAsNonRoot() != null ? csc.getRunAsNonRoot() : null;
    if (nonRoot == null && psc != null) {
      nonRoot = psc.getRunAsNonRoot();
    }
    if (!Boolean.TRUE.equals(nonRoot) || user.uid() != 0) {
      return null;
    }
    var who =
        "(pod: \""
            + pod.getMetadata().getName()
            + "_"
            + pod.getMetadata().getNamespace()
            + "("
            + pod.getMetadata().getUid()
            + ")\", container: "
            + c.getName()
            + ")";
    return user.uidGiven()
        ? "container's runAsUser breaks non-root policy " + who
        : "container has runAsNonRoot and image will run as root " + who;
  }

  /** The {@code setpriv} arguments that make the process this user. */
  List<String> setprivArguments() {
    var args = new ArrayList<String>(List.of("setpriv"));
    if (uid != 0 || gid != 0 || !groups.isEmpty()) {
      args.add("--reuid=" + uid);
      args.add("--regid=" + gid);
      if (groups.isEmpty()) {
        args.add("--clear-groups");
      } else {
        args.add(
            "--groups=" + String.join(",", groups.stream().map(g -> Long.toString(g)).toList()));
      }
    }
    if (noNewPrivs) {
      args.add("--no-new-privs");
    }
    if (!drop.isEmpty()) {
      var caps = new ArrayList<String>();
      for (var cap : drop) {
        caps.add("-" + cap.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""));
      }
      args.add("--bounding-set=" + String.join(",", caps));
    }
    args.add("--");
    return args;
  }
}
