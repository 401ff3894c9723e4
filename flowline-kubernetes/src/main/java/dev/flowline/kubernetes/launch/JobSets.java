package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.render.GangResources;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Creates and ends a gang attempt's JobSet and headless Service ({@link GangResources}) with the
 * fabric8 client. The Service is created first (so the JobSet controller, which makes a Service for
 * the subdomain when there is none, uses ours), then the JobSet, then the Service gets the JobSet
 * as its owner: the garbage collector deletes it with the JobSet (after the JobSet's {@code
 * ttlSecondsAfterFinished}, or when the launcher deletes it).
 *
 * <p>Ending follows {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE} as for a single Job ({@link
 * JobTermination}): {@code stop} suspends the JobSet ({@code spec.suspend: true}: the JobSet
 * controller suspends its Jobs and their pods end; the JobSet stays for inspection), {@code delete}
 * deletes the JobSet (propagation {@code Background}: its Jobs and pods go with it) and the
 * Service. A JobSet that is gone already is not an error.
 */
public final class JobSets {
  private static final String SUSPEND_PATCH = "{\"spec\":{\"suspend\":true}}";

  private JobSets() {}

  /** The JobSet resource of {@code apiVersion} ({@code group/version}). */
  public static ResourceDefinitionContext definition(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return new ResourceDefinitionContext.Builder()
        .withGroup(apiVersion.substring(0, slash))
        .withVersion(apiVersion.substring(slash + 1))
        .withPlural("jobsets")
        .withKind("JobSet")
        .withNamespaced(true)
        .build();
  }

  /**
   * Creates the Service and the JobSet of {@code gang}, then makes the JobSet the Service's owner.
   *
   * @throws KubernetesClientException when the API server refuses one
   */
  public static void create(KubernetesClient client, GangResources gang) {
    var jobSet = gang.jobSet();
    String ns = jobSet.getMetadata().getNamespace();
    var services = client.services().inNamespace(ns);
    services.resource(gang.service()).create();
    GenericKubernetesResource created;
    try {
      created =
          client
              .genericKubernetesResources(definition(jobSet.getApiVersion()))
              .inNamespace(ns)
              .resource(jobSet)
              .create();
    } catch (KubernetesClientException e) {
      deleteQuietly(client, ns, gang.service().getMetadata().getName());
      throw e;
    }
    var owner =
        new OwnerReferenceBuilder()
            .withApiVersion(jobSet.getApiVersion())
            .withKind("JobSet")
            .withName(created.getMetadata().getName())
            .withUid(created.getMetadata().getUid())
            .build();
    services
        .withName(gang.service().getMetadata().getName())
        .edit(
            s ->
                new ServiceBuilder(s)
                    .editMetadata()
                    .addToOwnerReferences(owner)
                    .endMetadata()
                    .build());
  }

  /**
   * Ends JobSet {@code name} (and, deleting, its Service of the same name) in {@code namespace}.
   *
   * @throws KubernetesClientException when the API server refuses (other than "not found")
   */
  public static JobTermination.Result end(
      KubernetesClient client,
      String apiVersion,
      String namespace,
      String name,
      JobTermination.Mode mode) {
    var jobSet =
        client
            .genericKubernetesResources(definition(apiVersion))
            .inNamespace(namespace)
            .withName(name);
    try {
      if (mode == JobTermination.Mode.DELETE) {
        boolean gone =
            jobSet.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
        deleteQuietly(client, namespace, name);
        return gone ? JobTermination.Result.GONE : JobTermination.Result.ENDED;
      }
      jobSet.patch(PatchContext.of(PatchType.JSON_MERGE), SUSPEND_PATCH);
      return JobTermination.Result.ENDED;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return JobTermination.Result.GONE;
      }
      throw e;
    }
  }

  private static void deleteQuietly(KubernetesClient client, String namespace, String service) {
    try {
      client.services().inNamespace(namespace).withName(service).delete();
    } catch (KubernetesClientException e) {
      // best effort: with the JobSet deleted, nothing uses the Service any more
    }
  }
}
