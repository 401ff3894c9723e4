package dev.flowline.kubernetes.preflight;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The permissions Flowline uses in a namespace, asked of the API server one by one with
 * SelfSubjectAccessReviews (what the authorizer answers, whatever grants it: Roles, ClusterRoles,
 * webhooks).
 */
public final class AccessReview {
  /**
   * One permission.
   *
   * @param verb e.g. {@code create}
   * @param group API group, {@code ""} for the core group
   * @param resource e.g. {@code jobs}
   * @param subresource e.g. {@code log}, or {@code ""}
   */
  public record Permission(String verb, String group, String resource, String subresource) {
    /** {@code jobs.batch}, {@code pods}, {@code pods/log}. */
    public String target() {
      return resource
          + (group.isEmpty() ? "" : "." + group)
          + (subresource.isEmpty() ? "" : "/" + subresource);
    }
  }

  /**
   * Every permission Flowline uses: Jobs are created, read, followed (list and watch), stopped
   * (patch: parallelism 0) and deleted by the launcher and {@code kubernetes list/kill}; pods are
   * followed and read, their logs streamed ({@code get} on {@code pods/log}); events are followed
   * to explain stuck pods.
   */
  static final List<Permission> REQUIRED = required();

  private AccessReview() {}

  private static List<Permission> required() {
    List<Permission> out = new ArrayList<>();
    for (String verb : List.of("create", "get", "list", "watch", "delete", "patch")) {
      out.add(new Permission(verb, "batch", "jobs", ""));
    }
    for (String verb : List.of("get", "list", "watch")) {
      out.add(new Permission(verb, "", "pods", ""));
    }
    out.add(new Permission("get", "", "pods", "log"));
    for (String verb : List.of("list", "watch")) {
      out.add(new Permission(verb, "", "events", ""));
    }
    return List.copyOf(out);
  }

  /**
   * What a gang ({@code @Parallel} step) on Kubernetes needs beside {@link #REQUIRED}: its JobSets
   * ({@code jobSetApiVersion}'s group) are created, stopped (patch: {@code spec.suspend}), deleted
   * by the launcher and {@code kubernetes kill}, and listed by {@code kubernetes list/kill}; its
   * headless Services are created, made owned by their JobSet (get, then patch) and deleted.
   */
  static List<Permission> gang(String jobSetApiVersion) {
    String group = jobSetApiVersion.substring(0, jobSetApiVersion.indexOf('/'));
    List<Permission> out = new ArrayList<>();
    for (String verb : List.of("create", "list", "patch", "delete")) {
      out.add(new Permission(verb, group, "jobsets", ""));
    }
    for (String verb : List.of("create", "get", "patch", "delete")) {
      out.add(new Permission(verb, "", "services", ""));
    }
    return List.copyOf(out);
  }

  /**
   * The permissions of {@link #REQUIRED} the client's account lacks in {@code namespace}.
   *
   * @throws KubernetesClientException when a review cannot be created
   */
  static List<Permission> denied(KubernetesClient client, String namespace) {
    return denied(client, namespace, REQUIRED);
  }

  /**
   * The permissions of {@code required} the client's account lacks in {@code namespace}.
   *
   * @throws KubernetesClientException when a review cannot be created
   */
  public static List<Permission> denied(
      KubernetesClient client, String namespace, List<Permission> required) {
    List<Permission> out = new ArrayList<>();
    for (Permission p : required) {
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withResourceAttributes(attributes(namespace, p))
              .endSpec()
              .build();
      var answer = client.authorization().v1().selfSubjectAccessReview().create(review);
      if (!allowed(answer.getStatus())) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * The permissions of {@code required} that service account {@code serviceAccount} of {@code
   * namespace} lacks there, asked with SubjectAccessReviews (the account's user name and groups as
   * the API server gives them to a pod's token).
   *
   * @throws KubernetesClientException when a review cannot be created (creating
   *     SubjectAccessReviews is a cluster permission many users lack)
   */
  public static List<Permission> deniedToServiceAccount(
      KubernetesClient client, String namespace, String serviceAccount, List<Permission> required) {
    List<Permission> out = new ArrayList<>();
    for (Permission p : required) {
      SubjectAccessReview review =
          new SubjectAccessReviewBuilder()
              .withNewSpec()
              .withUser("system:serviceaccount:" + namespace + ":" + serviceAccount)
              .withGroups(
                  "system:serviceaccounts",
                  "system:serviceaccounts:" + namespace,
                  "system:authenticated")
              .withResourceAttributes(attributes(namespace, p))
              .endSpec()
              .build();
      var answer = client.authorization().v1().subjectAccessReview().create(review);
      if (!allowed(answer.getStatus())) {
        out.add(p);
      }
    }
    return out;
  }

  private static ResourceAttributes attributes(String namespace, Permission p) {
    return new ResourceAttributesBuilder()
        .withNamespace(namespace)
        .withVerb(p.verb())
        .withGroup(p.group())
        .withResource(p.resource())
        .withSubresource(p.subresource().isEmpty() ? null : p.subresource())
        .build();
  }

  private static boolean allowed(SubjectAccessReviewStatus status) {
    return status != null && Boolean.TRUE.equals(status.getAllowed());
  }

  /** {@link #REQUIRED} as RBAC rules: one per API group and resource, with its verbs. */
  static List<PolicyRule> rules() {
    return rules(REQUIRED);
  }

  /** {@code permissions} as RBAC rules: one per API group and resource, with its verbs. */
  static List<PolicyRule> rules(List<Permission> permissions) {
    Map<List<String>, List<String>> verbs = new LinkedHashMap<>();
    for (Permission p : permissions) {
      String resource = p.resource() + (p.subresource().isEmpty() ? "" : "/" + p.subresource());
      verbs.computeIfAbsent(List.of(p.group(), resource), k -> new ArrayList<>()).add(p.verb());
    }
    List<PolicyRule> out = new ArrayList<>();
    verbs.forEach(
        (target, v) ->
            out.add(
                new PolicyRuleBuilder()
                    .withApiGroups(target.get(0))
                    .withResources(target.get(1))
                    .withVerbs(v)
                    .build()));
    return out;
  }

  /** {@code create, patch jobs.batch; get pods/log}: verbs grouped by target, in order. */
  public static String describe(List<Permission> permissions) {
    Map<String, List<String>> byTarget = new LinkedHashMap<>();
    permissions.forEach(
        p -> byTarget.computeIfAbsent(p.target(), t -> new ArrayList<>()).add(p.verb()));
    return byTarget.entrySet().stream()
        .map(e -> String.join(", ", e.getValue()) + " " + e.getKey())
        .collect(Collectors.joining("; "));
  }

  /** The account's user name (SelfSubjectReview, Kubernetes 1.28+), when the server tells. */
  static Optional<String> user(KubernetesClient client) {
    try {
      SelfSubjectReview review =
          client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      if (review.getStatus() != null && review.getStatus().getUserInfo() != null) {
        return Optional.ofNullable(review.getStatus().getUserInfo().getUsername());
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      // older servers lack the API; the report then says "the kubeconfig's account"
      return Optional.empty();
    }
  }
}
