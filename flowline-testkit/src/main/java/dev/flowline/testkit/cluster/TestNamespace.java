package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The namespace {@link TestClusterExtension} gives one test, with a client whose default namespace
 * it is.
 *
 * @param name the namespace
 * @param client an admin client defaulting to the namespace
 * @param cluster the shared cluster
 */
public record TestNamespace(String name, KubernetesClient client, TestCluster cluster) {}
