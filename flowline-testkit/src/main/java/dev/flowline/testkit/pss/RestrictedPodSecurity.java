package dev.flowline.testkit.pss;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checks of the Kubernetes Pod Security Standard "restricted" (which includes "baseline"), as
 * the Pod Security admission controller applies them to a pod spec
 * (kubernetes.io/docs/concepts/security/ pod-security-standards, policy version 1.36). Returns
 * every violation, each naming the field.
 */
public final class RestrictedPodSecurity {
  private static final List<String> ALLOWED_VOLUMES =
      List.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private RestrictedPodSecurity() {}

  /** The violations of {@code spec}; empty when the pod would be admitted under "restricted". */
  public static List<String> violations(PodSpec spec) {
    List<String> v = new ArrayList<>();
    PodSecurityContext pod =
        Optional.ofNullable(spec.getSecurityContext()).orElse(new PodSecurityContext());
    if (Boolean.TRUE.equals(spec.getHostNetwork())
        || Boolean.TRUE.equals(spec.getHostPID())
        || Boolean.TRUE.equals(spec.getHostIPC())) {
      v.add("spec: host namespaces (hostNetwork/hostPID/hostIPC) must not be used");
    }
    for (Volume vol : spec.getVolumes()) {
      String type = volumeType(vol);
      if (!ALLOWED_VOLUMES.contains(type)) {
        v.add("volume " + vol.getName() + ": type " + type + " is not allowed");
      }
    }
    if (pod.getRunAsUser() != null && pod.getRunAsUser() == 0) {
      v.add("spec.securityContext.runAsUser must not be 0");
    }
    String podSeccomp = pod.getSeccompProfile() == null ? null : pod.getSeccompProfile().getType();
    if ("Unconfined".equals(podSeccomp)) {
      v.add("spec.securityContext.seccompProfile.type must not be Unconfined");
    }
    if (pod.getSysctls() != null && !pod.getSysctls().isEmpty()) {
      pod.getSysctls().stream()
          .filter(
              s ->
                  !List.of(
                          "kernel.shm_rmid_forced",
                          "net.ipv4.ip_local_port_range",
                          "net.ipv4.tcp_syncookies",
                          "net.ipv4.ping_group_range",
                          "net.ipv4.ip_unprivileged_port_start")
                      .contains(s.getName()))
          .forEach(
              s -> v.add("spec.securityContext.sysctls: " + s.getName() + " is not a safe sysctl"));
    }
    List<Container> containers =
        Stream.of(spec.getInitContainers(), spec.getContainers()).flatMap(List::stream).toList();
    for (Container c : containers) {
      String at = "container " + c.getName() + ": securityContext.";
      SecurityContext sc =
          Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        v.add(at + "privileged must not be true");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        v.add(at + "allowPrivilegeEscalation must be false");
      }
      Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
      if (!Boolean.TRUE.equals(nonRoot)) {
        v.add(at + "runAsNonRoot must be true (on the container or the pod)");
      }
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        v.add(at + "runAsUser must not be 0");
      }
      String seccomp =
          sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType() : podSeccomp;
      if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
        v.add(
            at
                + "seccompProfile.type must be RuntimeDefault or Localhost (on the container or the"
                + " pod)");
      }
      var caps = sc.getCapabilities();
      if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
        v.add(at + "capabilities.drop must include ALL");
      }
      if (caps != null
          && caps.getAdd() != null
          && caps.getAdd().stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
        v.add(at + "capabilities.add may only hold NET_BIND_SERVICE");
      }
      if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
        v.add(at + "procMount must be Default");
      }
      c.getPorts().stream()
          .filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
          .forEach(p -> v.add("container " + c.getName() + ": hostPort must not be set"));
    }
    return v;
  }

  private static String volumeType(Volume vol) {
    if (vol.getConfigMap() != null) {
      return "configMap";
    }
    if (vol.getCsi() != null) {
      return "csi";
    }
    if (vol.getDownwardAPI() != null) {
      return "downwardAPI";
    }
    if (vol.getEmptyDir() != null) {
      return "emptyDir";
    }
    if (vol.getEphemeral() != null) {
      return "ephemeral";
    }
    if (vol.getPersistentVolumeClaim() != null) {
      return "persistentVolumeClaim";
    }
    if (vol.getProjected() != null) {
      return "projected";
    }
    if (vol.getSecret() != null) {
      return "secret";
    }
    if (vol.getHostPath() != null) {
      return "hostPath";
    }
    return "other";
  }
}
