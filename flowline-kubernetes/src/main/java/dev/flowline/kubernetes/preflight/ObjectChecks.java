package dev.flowline.kubernetes.preflight;

import dev.flowline.kubernetes.preflight.ClusterReads.Failed;
import dev.flowline.kubernetes.preflight.ClusterReads.Forbidden;
import dev.flowline.kubernetes.preflight.ClusterReads.Found;
import dev.flowline.kubernetes.preflight.ClusterReads.Missing;
import dev.flowline.kubernetes.preflight.ClusterReads.Read;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The objects a step's pod names, each looked up once: its namespace, service account, Secrets
 * ({@code envFrom} and {@code secretKeyRef}), image pull Secrets and PersistentVolumeClaims (bound,
 * or binding when the pod is scheduled). A read the account may not make is a note, not a problem:
 * Flowline itself never reads these objects, the cluster does.
 */
final class ObjectChecks {
  private static final Set<String> PULL_SECRET_TYPES =
      Set.of("kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg");

  private final KubernetesClient client;
  private final ClusterReads reads;
  private final Findings findings;

  ObjectChecks(KubernetesClient client, ClusterReads reads, Findings findings) {
    this.client = client;
    this.reads = reads;
    this.findings = findings;
  }

  /**
   * Checks the namespace; false when it cannot hold the step's Jobs (the other checks are moot).
   */
  boolean namespace(String step, String ns) {
    Read<Namespace> read =
        reads.read("namespace", "", ns, () -> client.namespaces().withName(ns).get());
    if (read instanceof Missing) {
      findings.problem(
          step,
          "namespace",
          ns,
          "does not exist, so the step's Jobs cannot be created (its other objects were not"
              + " checked)",
          "kubectl create namespace "
              + ns
              + ", or set METAFLOW_KUBERNETES_NAMESPACE or @Kubernetes(namespace) to an existing"
              + " one (kubectl get namespaces)");
      return false;
    }
    if (read instanceof Found<Namespace> f
        && f.value().getStatus() != null
        && "Terminating".equals(f.value().getStatus().getPhase())) {
      findings.problem(
          step,
          "namespace",
          ns,
          "is being deleted (phase Terminating): no Job can be created in it",
          "wait until it is gone and create it again, or use another namespace");
      return false;
    }
    if (read instanceof Forbidden) {
      findings.note(
          "namespace \""
              + ns
              + "\": not checked, the account may not read namespaces (HTTP 403); the checks of"
              + " its objects tell.");
    } else if (read instanceof Failed<Namespace> f) {
      couldNotCheck("namespace \"" + ns + "\"", f);
    }
    return true;
  }

  /** The pod's service account ({@code default} when none is set) exists. */
  void serviceAccount(String step, String ns, Pod pod) {
    String name = pod.getSpec().getServiceAccountName();
    boolean explicit = name != null && !name.isEmpty();
    String account = explicit ? name : "default";
    Read<ServiceAccount> read =
        reads.read(
            "serviceaccount",
            ns,
            account,
            () -> client.serviceAccounts().inNamespace(ns).withName(account).get());
    String what = "service account \"" + account + "\" in namespace \"" + ns + "\"";
    if (read instanceof Missing) {
      findings.problem(
          step,
          "service account",
          account,
          "does not exist in namespace \""
              + ns
              + "\": the Job controller cannot create the step's pods (FailedCreate)"
              + (explicit
                  ? ""
                  : "; it is the namespace's default account, which is normally made"
                      + " with the namespace"),
          "kubectl -n "
              + ns
              + " create serviceaccount "
              + account
              + ", or set @Kubernetes(serviceAccount) or METAFLOW_KUBERNETES_SERVICE_ACCOUNT to an"
              + " existing one (kubectl -n "
              + ns
              + " get serviceaccounts)");
    } else {
      unchecked(what, read);
    }
  }

  /** Every Secret the container reads ({@code envFrom}, {@code secretKeyRef}) exists. */
  void secrets(String step, String ns, Pod pod) {
    Set<String> names = new LinkedHashSet<>();
    for (var c : pod.getSpec().getContainers()) {
      c.getEnvFrom().stream()
          .filter(
              e -> e.getSecretRef() != null && !Boolean.TRUE.equals(e.getSecretRef().getOptional()))
          .forEach(e -> names.add(e.getSecretRef().getName()));
      c.getEnv().stream()
          .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
          .map(e -> e.getValueFrom().getSecretKeyRef())
          .filter(r -> !Boolean.TRUE.equals(r.getOptional()))
          .forEach(r -> names.add(r.getName()));
    }
    for (String name : names) {
      Read<Secret> read = secret(ns, name);
      if (read instanceof Missing) {
        findings.problem(
            step,
            "secret",
            name,
            "does not exist in namespace \""
                + ns
                + "\": the pod reads it into its environment, so its container cannot start"
                + " (CreateContainerConfigError)",
            "kubectl -n "
                + ns
                + " create secret generic "
                + name
                + " --from-literal=KEY=VALUE, or remove it from @Kubernetes(secrets) and"
                + " METAFLOW_KUBERNETES_SECRETS");
      } else {
        unchecked("secret \"" + name + "\" in namespace \"" + ns + "\"", read);
      }
    }
  }

  /** Every image pull Secret exists and is a registry credential. */
  void pullSecrets(String step, String ns, Pod pod) {
    if (pod.getSpec().getImagePullSecrets() == null) {
      return;
    }
    String image = pod.getSpec().getContainers().get(0).getImage();
    for (var ref : pod.getSpec().getImagePullSecrets()) {
      String name = ref.getName();
      Read<Secret> read = secret(ns, name);
      String fix =
          "kubectl -n "
              + ns
              + " create secret docker-registry "
              + name
              + " --docker-server=REGISTRY --docker-username=USER --docker-password=PASSWORD, or"
              + " remove it from @Kubernetes(imagePullSecrets) and"
              + " METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS";
      if (read instanceof Missing) {
        findings.problem(
            step,
            "image pull secret",
            name,
            "does not exist in namespace \""
                + ns
                + "\": the kubelet pulls "
                + image
                + " without it, which fails for a private registry (ErrImagePull)",
            fix);
      } else if (read instanceof Found<Secret> f
          && !PULL_SECRET_TYPES.contains(String.valueOf(f.value().getType()))) {
        findings.problem(
            step,
            "image pull secret",
            name,
            "in namespace \""
                + ns
                + "\" is of type "
                + f.value().getType()
                + ", not kubernetes.io/dockerconfigjson: the kubelet ignores it",
            fix);
      } else {
        unchecked("image pull secret \"" + name + "\" in namespace \"" + ns + "\"", read);
      }
    }
  }

  private Read<Secret> secret(String ns, String name) {
    return reads.read(
        "secret", ns, name, () -> client.secrets().inNamespace(ns).withName(name).get());
  }

  /** Every PersistentVolumeClaim exists and is bound, or binds when the pod is scheduled. */
  void claims(String step, String ns, Pod pod) {
    if (pod.getSpec().getVolumes() == null) {
      return;
    }
    for (var volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() == null) {
        continue;
      }
      String name = volume.getPersistentVolumeClaim().getClaimName();
      Read<PersistentVolumeClaim> read =
          reads.read(
              "persistentvolumeclaim",
              ns,
              name,
              () -> client.persistentVolumeClaims().inNamespace(ns).withName(name).get());
      String drop =
          " @Kubernetes(persistentVolumeClaims) and METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS";
      if (read instanceof Missing) {
        findings.problem(
            step,
            "persistent volume claim",
            name,
            "does not exist in namespace \""
                + ns
                + "\": the pod cannot be scheduled (persistentvolumeclaim not found)",
            "kubectl -n "
                + ns
                + " apply -f claim.yaml (a claim named "
                + name
                + "), or remove it from"
                + drop);
      } else if (read instanceof Found<PersistentVolumeClaim> f) {
        claimPhase(step, ns, f.value(), drop);
      } else {
        unchecked("persistent volume claim \"" + name + "\" in namespace \"" + ns + "\"", read);
      }
    }
  }

  private void claimPhase(String step, String ns, PersistentVolumeClaim claim, String drop) {
    String name = claim.getMetadata().getName();
    String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
    if ("Bound".equals(phase)) {
      return;
    }
    if ("Lost".equals(phase)) {
      findings.problem(
          step,
          "persistent volume claim",
          name,
          "in namespace \""
              + ns
              + "\" is Lost (its PersistentVolume is gone): the pod cannot use it",
          "create a new claim and name it instead, or remove it from" + drop);
      return;
    }
    String className = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
    Optional<StorageClass> storageClass = storageClass(className);
    if (storageClass.isPresent()
        && "WaitForFirstConsumer".equals(storageClass.get().getVolumeBindingMode())) {
      findings.note(
          "persistent volume claim \""
              + name
              + "\" in namespace \""
              + ns
              + "\" is "
              + (phase == null ? "not bound yet" : phase)
              + ": its storage class \""
              + storageClass.get().getMetadata().getName()
              + "\" binds a volume when the first pod that uses it is scheduled"
              + " (WaitForFirstConsumer): it binds when the first step that mounts it starts.");
      return;
    }
    String why =
        className != null && !className.isEmpty() && storageClass.isEmpty()
            ? "; its storage class \"" + className + "\" does not exist or cannot be read"
            : storageClass.isEmpty()
                ? "; it has no storage class, so only a matching PersistentVolume binds it"
                : "; its storage class \""
                    + storageClass.get().getMetadata().getName()
                    + "\" binds at once, so its provisioner failed or has not run";
    findings.problem(
        step,
        "persistent volume claim",
        name,
        "in namespace \""
            + ns
            + "\" is not bound (phase "
            + (phase == null ? "unknown" : phase)
            + why
            + "): the pod stays Pending until a volume is bound to it",
        "kubectl -n "
            + ns
            + " describe pvc "
            + name
            + " to see why, then a matching PersistentVolume or a storage class that provisions"
            + " one; or remove it from"
            + drop);
  }

  /** The claim's storage class: the named one, or the cluster's default when none is named. */
  private Optional<StorageClass> storageClass(String className) {
    if (className != null && !className.isEmpty()) {
      Read<StorageClass> read =
          reads.read(
              "storageclass",
              "",
              className,
              () -> client.storage().v1().storageClasses().withName(className).get());
      return read instanceof Found<StorageClass> f ? Optional.of(f.value()) : Optional.empty();
    }
    if (className != null) {
      // "" asks for no class at all
      return Optional.empty();
    }
    Read<List<StorageClass>> all =
        reads.read(
            "storageclasses",
            "",
            "",
            () -> client.storage().v1().storageClasses().list().getItems());
    if (!(all instanceof Found<List<StorageClass>> f)) {
      return Optional.empty();
    }
    return f.value().stream()
        .filter(
            c ->
                c.getMetadata().getAnnotations() != null
                    && "true"
                        .equals(
                            c.getMetadata()
                                .getAnnotations()
                                .get("storageclass.kubernetes.io/is-default-class")))
        .findFirst();
  }

  /** A note when {@code read} could not tell (forbidden or failed); nothing when it could. */
  private void unchecked(String what, Read<?> read) {
    if (read instanceof Forbidden<?>) {
      findings.note(what + ": not checked, the account may not read it (HTTP 403).");
    } else if (read instanceof Failed<?> f) {
      couldNotCheck(what, f);
    }
  }

  private void couldNotCheck(String what, Failed<?> f) {
    if (reads.fatal().isEmpty()) {
      findings.note(
          what
              + ": not checked, the API server answered "
              + (f.error().getCode() > 0 ? "HTTP " + f.error().getCode() + ": " : "")
              + ClusterReads.message(f.error()));
    }
  }
}
