package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real JobSet v0.12.0 controller (with its webhooks) on the test cluster. */
class JobSetTest {

  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("jobset"));

  private static final ResourceDefinitionContext JOBSETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("jobset.x-k8s.io")
          .withVersion("v1alpha2")
          .withPlural("jobsets")
          .withKind("JobSet")
          .withNamespaced(true)
          .build();

  @Test
  void aTwoReplicaJobSetRunsToCompleted(KubernetesClient client) {
    var jobSet =
        Serialization.unmarshal(
            """
            apiVersion: jobset.x-k8s.io/v1alpha2
            kind: JobSet
            metadata: {name: pair}
            spec:
              replicatedJobs:
              - name: workers
                replicas: 2
                template:
                  spec:
                    backoffLimit: 0
                    template:
                      spec:
                        restartPolicy: Never
                        containers:
                        - {name: main, image: "busybox:1.36", command: [sh, -c, "echo worker $JOB_COMPLETION_INDEX on $HOSTNAME"]}
            """,
            GenericKubernetesResource.class);

    client.genericKubernetesResources(JOBSETS).resource(jobSet).create();

    var done =
        client
            .genericKubernetesResources(JOBSETS)
            .withName("pair")
            .waitUntilCondition(js -> condition(js, "Completed"), 120, TimeUnit.SECONDS);
    assertThat(condition(done, "Completed")).isTrue();
    assertThat(client.batch().v1().jobs().list().getItems()).hasSize(2);
  }

  // names with a hyphen in their last label are no public top-level domain: a lookup before the
  // peer
  // exists cannot be answered by the machine's own DNS
  @Test
  void workersReachEachOtherByTheJobSetsStableHostnames(KubernetesClient client) {
    TestPods.createPeerProgram(client);
    var jobSet =
        Serialization.unmarshal(
            """
            apiVersion: jobset.x-k8s.io/v1alpha2
            kind: JobSet
            metadata: {name: duo-set}
            spec:
              replicatedJobs:
              - name: workers
                replicas: 2
                template:
                  spec:
                    backoffLimit: 0
                    template:
                      spec:
                        restartPolicy: Never
                        volumes: [{name: peer, configMap: {name: peer}}]
                        containers:
                        - name: main
                          image: "eclipse-temurin:17"
                          command: [java, /peer/Peer.java, "47632", both]
                          volumeMounts: [{name: peer, mountPath: /peer}]
            """,
            GenericKubernetesResource.class);

    client.genericKubernetesResources(JOBSETS).resource(jobSet).create();

    var done =
        client
            .genericKubernetesResources(JOBSETS)
            .withName("duo-set")
            .waitUntilCondition(
                js -> condition(js, "Completed") || condition(js, "Failed"), 240, TimeUnit.SECONDS);
    var pods = client.pods().list().getItems();
    var logs = new java.util.TreeMap<String, String>();
    var ips = new java.util.HashMap<String, String>();
    for (var pod : pods) {
      logs.put(pod.getSpec().getHostname(), client.pods().resource(pod).getLog());
      ips.put(pod.getSpec().getHostname(), pod.getStatus().getPodIP());
    }
    assertThat(condition(done, "Completed")).as("JobSet completed; pods' logs: %s", logs).isTrue();
    assertThat(ips).containsOnlyKeys("duo-set-workers-0-0", "duo-set-workers-1-0");
    assertThat(pods).allSatisfy(p -> assertThat(p.getSpec().getSubdomain()).isEqualTo("duo-set"));
    assertThat(logs.get("duo-set-workers-0-0"))
        .contains(
            "duo-set-workers-1-0.duo-set is "
                + ips.get("duo-set-workers-1-0")
                + ", it says: hello from duo-set-workers-1-0\n");
    assertThat(logs.get("duo-set-workers-1-0"))
        .contains(
            "duo-set-workers-0-0.duo-set is "
                + ips.get("duo-set-workers-0-0")
                + ", it says: hello from duo-set-workers-0-0\n");
  }

  @SuppressWarnings("unchecked")
  private static boolean condition(GenericKubernetesResource js, String type) {
    if (js == null || !(js.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    var conditions = (List<Map<String, Object>>) status.get("conditions");
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
  }
}
