package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Set;

/**
 * What every pod run of the agent shares.
 *
 * @param client the API client (admin credentials)
 * @param config the agent's configuration
 * @param catalog the images that exist
 * @param events the event recorder
 * @param apiPort the API server's port on 127.0.0.1
 * @param cgroupRoot the memory cgroup folder of this cluster, or null when there is no v1 memory
 *     controller
 * @param pulledImages "node image" pairs already pulled (IfNotPresent pulls once per node)
 * @param addresses the pods' addresses
 * @param dns the pods' hosts files (cluster DNS)
 * @param faultCounts how often each counted fault was applied ({@link PodFaults#TIMES})
 */
record AgentContext(
    KubernetesClient client,
    AgentConfig config,
    ImageCatalog catalog,
    KubeletEvents events,
    int apiPort,
    Path cgroupRoot,
    Set<String> pulledImages,
    PodAddresses addresses,
    ClusterDns dns,
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> faultCounts) {}
