package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers the agent's nodes as a kubelet does (labels, taints, capacity, addresses, kubelet
 * endpoint, node info, the four conditions) and keeps them alive: the node's Lease in {@code
 * kube-node-lease} is renewed every 10 s and the Ready heartbeat is posted every minute. A node
 * annotated {@code testkit.flowline.dev/fault=lost} stops both, so the node lifecycle controller
 * marks it NotReady (Unknown) as for a lost node.
 */
final class NodeRegistry {

  /** The annotation that takes a node away (fault injection). */
  static final String FAULT = "testkit.flowline.dev/fault";

  /**
   * Every node's address (its InternalIP, the pods' hostIP and the address of hostNetwork pods).
   */
  static final String HOST_IP = "127.0.0.1";

  private final KubernetesClient client;
  private final AgentConfig config;
  private final Set<String> lost = ConcurrentHashMap.newKeySet();
  private final Map<String, String> uids = new ConcurrentHashMap<>();
  private final Instant started = Instant.now();

  NodeRegistry(KubernetesClient client, AgentConfig config) {
    this.client = client;
    this.config = config;
  }

  List<String> names() {
    var names = new ArrayList<String>();
    for (int i = 0; i < config.nodes(); i++) {
      names.add(config.nodeName(i));
    }
    return names;
  }

  /** Creates (or takes over) every node and posts its status. */
  void register() {
    for (int i = 0; i < config.nodes(); i++) {
      var name = config.nodeName(i);
      var labels = new LinkedHashMap<String, String>();
      labels.put("kubernetes.io/hostname", name);
      labels.put("kubernetes.io/os", "linux");
      labels.put("kubernetes.io/arch", "amd64");
      labels.put("node.kubernetes.io/instance-type", "flowline-local");
      labels.putAll(config.labelsOf(i));
      var node =
          new NodeBuilder()
              .withNewMetadata()
              .withName(name)
              .withLabels(labels)
              .endMetadata()
              .withNewSpec()
              .withTaints(config.taintsOf(i))
              .endSpec()
              .build();
      var existing = client.nodes().withName(name).get();
      var created = existing != null ? existing : client.nodes().resource(node).create();
      uids.put(name, created.getMetadata().getUid());
      postStatus(name);
      renewLease(name);
    }
  }

  /** Starts the heartbeat thread. */
  void keepAlive() {
    var thread =
        new Thread(
            () -> {
              long tick = 0;
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  Thread.sleep(10_000);
                } catch (InterruptedException e) {
                  return;
                }
                tick++;
                for (var name : names()) {
                  var node = client.nodes().withName(name).get();
                  if (node != null
                      && "lost".equals(node.getMetadata().getAnnotations().get(FAULT))) {
                    lost.add(name);
                    continue;
                  }
                  lost.remove(name);
                  try {
                    renewLease(name);
                    if (tick % 6 == 0) {
                      postStatus(name);
                    }
                  } catch (RuntimeException e) {
                    System.err.println("node agent: heartbeat of node " + name + " failed: " + e);
                  }
                }
              }
            },
            "node-heartbeat");
    thread.setDaemon(true);
    thread.start();
  }

  private void renewLease(String name) {
    var now = Instant.now().atZone(ZoneOffset.UTC);
    var lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("kube-node-lease")
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("Node")
            .withName(name)
            .withUid(uids.get(name))
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(name)
            .withLeaseDurationSeconds(40)
            .withRenewTime(now)
            .endSpec()
            .build();
    client.resource(lease).serverSideApply();
  }

  private void postStatus(String name) {
    var status = status(name);
    client
        .nodes()
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            Serialization.asJson(Map.of("status", status)));
  }

  private NodeStatus status(String name) {
    var now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var since = started.truncatedTo(ChronoUnit.SECONDS).toString();
    var capacity = new LinkedHashMap<String, Quantity>();
    capacity.put("cpu", new Quantity(config.cpu()));
    capacity.put("memory", new Quantity(config.memory()));
    capacity.put("pods", new Quantity(Integer.toString(config.pods())));
    capacity.put("ephemeral-storage", new Quantity("100Gi"));
    config
        .extendedResourcesOf(names().indexOf(name))
        .forEach((resource, count) -> capacity.put(resource, new Quantity(count)));
    return new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withConditions(
            condition(
                "MemoryPressure",
                "False",
                "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available",
                now,
                since),
            condition(
                "DiskPressure",
                "False",
                "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure",
                now,
                since),
            condition(
                "PIDPressure",
                "False",
                "KubeletHasSufficientPID",
                "kubelet has sufficient PID available",
                now,
                since),
            condition(
                "Ready", "True", "KubeletReady", "kubelet is posting ready status", now, since))
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(HOST_IP)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .withNewDaemonEndpoints()
        .withNewKubeletEndpoint()
        .withPort(config.port())
        .endKubeletEndpoint()
        .endDaemonEndpoints()
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withOperatingSystem("linux")
        .withKubeletVersion("v1.36.3")
        .withKubeProxyVersion("")
        .withContainerRuntimeVersion("flowline://0.1.0")
        .withOsImage("Flowline node agent (local processes)")
        .withKernelVersion(System.getProperty("os.version"))
        .withMachineID(name)
        .withSystemUUID(name)
        .withBootID(uids.getOrDefault(name, name))
        .endNodeInfo()
        .build();
  }

  private static NodeCondition condition(
      String type, String status, String reason, String message, String now, String since) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(since)
        .build();
  }
}
