package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;

/**
 * What one attempt of a gang runs as on Kubernetes ({@link JobSetRenderer}): a JobSet with a
 * control and a worker replicated job, and the headless Service that gives its pods stable host
 * names (the JobSet's subdomain).
 *
 * @param jobSet the JobSet
 * @param service the headless Service named as the JobSet's subdomain
 * @param controlAddress the control node's host name, {@code <jobset>-control-0-0.<subdomain>}
 * @param port the port the control node listens on
 */
public record GangResources(
    GenericKubernetesResource jobSet, Service service, String controlAddress, int port) {}
