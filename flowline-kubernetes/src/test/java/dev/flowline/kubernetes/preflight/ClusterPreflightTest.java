package dev.flowline.kubernetes.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Problem;
import dev.flowline.kubernetes.TestSteps;
import dev.flowline.kubernetes.launch.KubernetesClients;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.testkit.cluster.TestAccounts;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster preflight against the real control plane of the test cluster: every kind of problem
 * it finds, all in one report, and what it leaves as notes.
 */
@ExtendWith(TestClusterExtension.class)
class ClusterPreflightTest {
  @TempDir Path tmp;

  private static List<String> messages(ClusterPreflight.Report report) {
    return report.problems().stream().map(Problem::message).toList();
  }

  @Test
  void aMissingNamespaceIsOneProblemNamingEveryStepInIt(TestNamespace ns) {
    var steps =
        TestSteps.in(tmp, ns.name())
            .step("start", "namespace", "no-such-namespace", "secrets", List.of("db"))
            .step("end", "namespace", "no-such-namespace")
            .settings();

    var report = new ClusterPreflight(ns.client()).inspect(steps);

    assertThat(messages(report))
        .containsExactly(
            "steps 'start', 'end': namespace: value \"no-such-namespace\" does not exist, so the"
                + " step's Jobs cannot be created (its other objects were not checked). Use e.g."
                + " kubectl create namespace no-such-namespace, or set"
                + " METAFLOW_KUBERNETES_NAMESPACE or @Kubernetes(namespace) to an existing one"
                + " (kubectl get namespaces).");
    assertThat(report.notes()).isEmpty();
  }

  @Test
  void everyMissingOrUnusableObjectIsReportedAtOnce(TestNamespace ns) {
    var client = ns.client();
    client.secrets().resource(secret("s3")).create();
    client
        .persistentVolumeClaims()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("scratch")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("")
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    quota(client, Map.of("requests.cpu", "1", "limits.memory", "1Gi"));
    // 600m of the quota's cpu is used by a pod that never runs
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("user")
                .endMetadata()
                .withNewSpec()
                .addToNodeSelector("nowhere", "true")
                .addNewContainer()
                .withName("main")
                .withImage("busybox:1.36")
                .withNewResources()
                .addToRequests("cpu", new Quantity("600m"))
                .addToLimits("memory", new Quantity("100Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build())
        .create();
    client
        .resourceQuotas()
        .withName("compute")
        .waitUntilCondition(
            q ->
                q.getStatus() != null
                    && q.getStatus().getUsed() != null
                    && new Quantity("600m").equals(q.getStatus().getUsed().get("requests.cpu")),
            30,
            TimeUnit.SECONDS);
    var steps =
        TestSteps.in(tmp, ns.name())
            .step(
                "start",
                "serviceAccount",
                "runner",
                "secrets",
                List.of("db", "s3"),
                "imagePullSecrets",
                List.of("regcred"),
                "persistentVolumeClaims",
                List.of("data=/data", "scratch=/scratch"),
                "cpu",
                "0.5")
            .step("train", "nodeSelector", List.of("disktype=ssd"), "qos", "Guaranteed")
            .step("end", "cpu", "64", "qos", "Guaranteed")
            .settings();

    var report = new ClusterPreflight(client).inspect(steps);

    String n = ns.name();
    assertThat(messages(report))
        .containsExactly(
            "step 'start': service account: value \"runner\" does not exist in namespace \""
                + n
                + "\": the Job controller cannot create the step's pods (FailedCreate). Use e.g. kubectl -n "
                + n
                + " create serviceaccount runner, or set @Kubernetes(serviceAccount) or METAFLOW_KUBERNETES_SERVICE_ACCOUNT to an existing one (kubectl -n "
                + n
                + " get serviceaccounts).",
            "step 'start': secret: value \"db\" does not exist in namespace \""
                + n
                + "\": the pod reads it into its environment, so its container cannot start (CreateContainerConfigError). Use e.g. kubectl -n "
                + n
                + " create secret generic db --from-literal=KEY=VALUE, or remove it from @Kubernetes(secrets) and METAFLOW_KUBERNETES_SECRETS.",
            "step 'start': image pull secret: value \"regcred\" does not exist in namespace \""
                + n
                + "\": the kubelet pulls eclipse-temurin:17-jre without it, which fails for a private registry (ErrImagePull). Use e.g. kubectl -n "
                + n
                + " create secret docker-registry regcred --docker-server=REGISTRY --docker-username=USER --docker-password=PASSWORD, or remove it from @Kubernetes(imagePullSecrets) and METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS.",
            "step 'start': persistent volume claim: value \"data\" does not exist in namespace \""
                + n
                + "\": the pod cannot be scheduled (persistentvolumeclaim not found). Use e.g. kubectl -n "
                + n
                + " apply -f claim.yaml (a claim named data), or remove it from @Kubernetes(persistentVolumeClaims) and METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS.",
            "step 'start': persistent volume claim: value \"scratch\" in namespace \""
                + n
                + "\" is not bound (phase Pending; it has no storage class, so only a matching PersistentVolume binds it): the pod stays Pending until a volume is bound to it. Use e.g. kubectl -n "
                + n
                + " describe pvc scratch to see why, then a matching PersistentVolume or a storage class that provisions one; or remove it from @Kubernetes(persistentVolumeClaims) and METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS.",
            "step 'start': resource quota: value \"compute\" in namespace \""
                + n
                + "\" has no room for one pod of the step: requests.cpu needs 500m, 400m left (hard 1, used 600m), short by 100m; limits.memory is limited, but the pod sets no memory limit (qos Burstable sets requests only) and no LimitRange gives a default, so the API server refuses it. The Job would be created, but not its pod (FailedCreate: exceeded quota). Use e.g. cpu 400m or less (@Kubernetes(cpu) or --with kubernetes:cpu=400m); or @Kubernetes(qos = \"Guaranteed\") or --with kubernetes:qos=Guaranteed (limits equal requests), or a LimitRange with a default memory limit; or a larger quota (kubectl -n "
                + n
                + " describe resourcequota compute shows its use), or wait for the namespace's other pods to finish.",
            "step 'train': nodes: value \"cpu=100m, memory=64M, ephemeral-storage=100M, nodeSelector disktype=ssd\" fits none of the 3 nodes: 3 lack the labels of the node selector disktype=ssd. The pod would stay Pending (Unschedulable). Use e.g. a node selector that a node's labels match (kubectl get nodes --show-labels), or none.",
            "step 'end': resource quota: value \"compute\" in namespace \""
                + n
                + "\" has no room for one pod of the step: requests.cpu needs 64, 400m left (hard 1, used 600m), short by 63.6. The Job would be created, but not its pod (FailedCreate: exceeded quota). Use e.g. cpu 400m or less (@Kubernetes(cpu) or --with kubernetes:cpu=400m); or a larger quota (kubectl -n "
                + n
                + " describe resourcequota compute shows its use), or wait for the namespace's other pods to finish.",
            "step 'end': nodes: value \"cpu=64, memory=64M, ephemeral-storage=100M\" fits none of the 3 nodes: 2 have too little allocatable cpu (at most 4); 1 has the untolerated taint testkit.flowline.dev/dedicated=true:NoSchedule. The pod would stay Pending (Unschedulable). Use e.g. cpu 4 or less (@Kubernetes(cpu) or --with kubernetes:cpu=4).");
    assertThat(report.notes()).isEmpty();
  }

  @Test
  void aClaimThatBindsOnFirstUseIsANoteAndEachObjectIsReadOnce(TestNamespace ns) {
    var client = ns.client();
    String storageClass = ns.name() + "-late";
    client
        .storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(storageClass)
                .endMetadata()
                .withProvisioner("example.com/none")
                .withVolumeBindingMode("WaitForFirstConsumer")
                .build())
        .create();
    try {
      client.secrets().resource(secret("db")).create();
      client
          .persistentVolumeClaims()
          .resource(
              new PersistentVolumeClaimBuilder()
                  .withNewMetadata()
                  .withName("data")
                  .endMetadata()
                  .withNewSpec()
                  .withStorageClassName(storageClass)
                  .withAccessModes("ReadWriteOnce")
                  .withNewResources()
                  .addToRequests("storage", new Quantity("1Gi"))
                  .endResources()
                  .endSpec()
                  .build())
          .create();
      var one =
          TestSteps.in(tmp, ns.name())
              .step("start", "secrets", List.of("db"), "persistentVolumeClaims", List.of("data=/d"))
              .settings();
      var two =
          TestSteps.in(tmp, ns.name())
              .step("start", "secrets", List.of("db"), "persistentVolumeClaims", List.of("data=/d"))
              .step("end", "secrets", List.of("db"), "persistentVolumeClaims", List.of("data=/d"))
              .settings();

      var first = new ClusterPreflight(client);
      var report = first.inspect(one);
      var second = new ClusterPreflight(client);
      var both = second.inspect(two);

      assertThat(report.problems()).isEmpty();
      assertThat(report.notes())
          .containsExactly(
              "persistent volume claim \"data\" in namespace \""
                  + ns.name()
                  + "\" is Pending: its storage class \""
                  + storageClass
                  + "\" binds a volume when the first pod that uses it is scheduled"
                  + " (WaitForFirstConsumer): it binds when the first step that mounts it"
                  + " starts.");
      assertThat(both).isEqualTo(report);
      assertThat(second.requests()).isEqualTo(first.requests());
    } finally {
      client.storage().v1().storageClasses().withName(storageClass).delete();
    }
  }

  @Test
  void anAccountThatLacksPermissionsIsToldEveryVerbItLacks(TestNamespace ns) throws Exception {
    Path kubeconfig =
        TestAccounts.kubeconfig(
            ns,
            tmp,
            "limited",
            List.of(
                new PolicyRuleBuilder()
                    .withApiGroups("")
                    .withResources("pods")
                    .withVerbs("get")
                    .build()));
    var steps =
        TestSteps.in(tmp, ns.name()).step("start", "secrets", List.of("db")).step("end").settings();

    ClusterPreflight.Report report;
    try (var limited =
        KubernetesClients.connect(
            Map.of(
                "KUBECONFIG",
                kubeconfig.toString(),
                KubernetesClients.CONTEXT_VARIABLE,
                TestAccounts.CONTEXT))) {
      report = new ClusterPreflight(limited).inspect(steps);
    }

    String n = ns.name();
    assertThat(messages(report))
        .containsExactly(
            "steps 'start', 'end': permissions: value \"system:serviceaccount:"
                + n
                + ":limited\" may not create, get, list, watch, delete, patch jobs.batch; list,"
                + " watch pods; get pods/log; list, watch events in namespace \""
                + n
                + "\"; Flowline creates, follows and ends the steps' Jobs with these. Use e.g."
                + " bind a Role with the rules in docs/kubernetes.md (\"Permissions\") to the"
                + " account: kubectl -n "
                + n
                + " apply -f flowline-role.yaml; or ask the cluster's administrators.");
    assertThat(report.notes())
        .containsExactly(
            "namespace \""
                + n
                + "\": not checked, the account may not read namespaces (HTTP 403); the checks of"
                + " its objects tell.",
            "service account \"default\" in namespace \""
                + n
                + "\": not checked, the account may not read it (HTTP 403).",
            "secret \"db\" in namespace \""
                + n
                + "\": not checked, the account may not read it (HTTP 403).",
            "resource quotas of namespace \""
                + n
                + "\": not checked, the account may not read them (HTTP 403): a quota may still"
                + " refuse the steps' pods.",
            "nodes: not checked, the account may not read them (HTTP 403): whether some node fits"
                + " each step's pod is unknown (the scheduler tells at run time).");
  }

  @Test
  void aGangStepIsAlsoCheckedForEveryVerbOfItsJobSetAndService(TestNamespace ns) throws Exception {
    var lacking = new java.util.ArrayList<>(ClusterPreflight.requiredRules());
    // every verb of the gang path on JobSets but create, none on Services
    lacking.add(
        new PolicyRuleBuilder()
            .withApiGroups("jobset.x-k8s.io")
            .withResources("jobsets")
            .withVerbs("list", "patch", "delete")
            .build());
    Path lackingConfig = TestAccounts.kubeconfig(ns, tmp, "no-jobsets", lacking);
    var enough = new java.util.ArrayList<>(ClusterPreflight.requiredRules());
    enough.addAll(ClusterPreflight.requiredGangRules(JobSetRenderer.DEFAULT_API_VERSION));
    Path enoughConfig = TestAccounts.kubeconfig(ns, tmp, "gangs", enough);
    var steps = TestSteps.in(tmp, ns.name()).step("start").step("train").step("end").settings();

    ClusterPreflight.Report gang;
    ClusterPreflight.Report noGang;
    ClusterPreflight.Report allowed;
    try (var client = connect(lackingConfig)) {
      gang =
          new ClusterPreflight(client)
              .withGangs(List.of("train"), JobSetRenderer.DEFAULT_API_VERSION)
              .inspect(steps);
      noGang = new ClusterPreflight(client).inspect(steps);
    }
    try (var client = connect(enoughConfig)) {
      allowed =
          ClusterPreflight.forRun(client)
              .withGangs(List.of("train"), JobSetRenderer.DEFAULT_API_VERSION)
              .inspect(steps);
    }

    String n = ns.name();
    assertThat(messages(gang))
        .containsExactly(
            "step 'train': permissions: value \"system:serviceaccount:"
                + n
                + ":no-jobsets\" may not create jobsets.jobset.x-k8s.io; create, get, patch,"
                + " delete services in namespace \""
                + n
                + "\"; Flowline creates, follows and ends the steps' Jobs, and a gang's JobSet"
                + " (jobset.x-k8s.io/v1alpha2) and headless Service, with these. Use e.g. bind a"
                + " Role with the rules in docs/kubernetes.md (\"Permissions\", with the rules for"
                + " gangs) to the account: kubectl -n "
                + n
                + " apply -f flowline-role.yaml; or ask the cluster's administrators.");
    assertThat(messages(noGang)).as("without a gang, JobSets and Services are not asked").isEmpty();
    assertThat(messages(allowed)).isEmpty();
  }

  private static KubernetesClient connect(Path kubeconfig) {
    return KubernetesClients.connect(
        Map.of(
            "KUBECONFIG",
            kubeconfig.toString(),
            KubernetesClients.CONTEXT_VARIABLE,
            TestAccounts.CONTEXT));
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToStringData("KEY", "value")
        .build();
  }

  private static void quota(KubernetesClient client, Map<String, String> hard) {
    var b =
        new ResourceQuotaBuilder()
            .withNewMetadata()
            .withName("compute")
            .endMetadata()
            .withNewSpec();
    hard.forEach((k, v) -> b.addToHard(k, new Quantity(v)));
    client.resourceQuotas().resource(b.endSpec().build()).create();
  }
}
