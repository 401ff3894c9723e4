package dev.flowline.kubernetes;

import dev.flowline.config.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The "restricted" security profile: what it sets so that a pod passes the Pod Security Standard
 * "restricted", and which explicit security settings contradict it.
 */
final class RestrictedProfile {
  /** The user and group the profile runs as when the step names none. */
  static final long DEFAULT_ID = 1000;

  private RestrictedProfile() {}

  /** Explicit settings that the restricted profile cannot honour. */
  static List<Problem> conflicts(String step, SecuritySettings s) {
    List<Problem> out = new ArrayList<>();
    String subject = "step '" + step + "': @Kubernetes(securityContext)";
    String why = "contradicts securityProfile=restricted (Pod Security Standard \"restricted\")";
    if (s.privileged().orElse(false)) {
      out.add(
          new Problem(
              subject,
              "privileged=true",
              why + ": privileged containers are not allowed",
              "\"privileged=false\""));
    }
    if (s.allowPrivilegeEscalation().orElse(false)) {
      out.add(
          new Problem(
              subject,
              "allowPrivilegeEscalation=true",
              why + ": privilege escalation must be off",
              "\"allowPrivilegeEscalation=false\""));
    }
    if (s.runAsNonRoot().map(b -> !b).orElse(false)) {
      out.add(
          new Problem(
              subject,
              "runAsNonRoot=false",
              why + ": the pod must run as non-root",
              "\"runAsNonRoot=true\""));
    }
    if (s.runAsUser().map(u -> u == 0).orElse(false)) {
      out.add(new Problem(subject, "runAsUser=0", why + ": user 0 is root", "\"runAsUser=1000\""));
    }
    if (s.seccompProfile().map(p -> p.equals("Unconfined")).orElse(false)) {
      out.add(
          new Problem(
              subject,
              "seccompProfile=Unconfined",
              why + ": seccomp must be RuntimeDefault or Localhost",
              "\"seccompProfile=RuntimeDefault\""));
    }
    if (!s.dropCapabilities().isEmpty() && !s.dropCapabilities().contains("ALL")) {
      out.add(
          new Problem(
              subject,
              "dropCapabilities=" + String.join(";", s.dropCapabilities()),
              why + ": all capabilities must be dropped",
              "\"dropCapabilities=ALL\""));
    }
    return out;
  }
}
