package dev.flowline.kubernetes.launch;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a failed API request means for the user: the status, the server's message and a fix. */
public final class ApiErrors {
  private ApiErrors() {}

  /** {@code action} failed with {@code e}: one message with the cause and what to do. */
  public static String describe(KubernetesClientException e, String action) {
    var status = e.getStatus();
    String message =
        status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
    int code = e.getCode();
    String fix =
        switch (code) {
          case 401 ->
              "the cluster did not accept the credentials of the kubeconfig: log in again"
                  + " (kubectl get pods shows whether they work).";
          case 403 ->
              "the account lacks a permission: ask for it, or run 'FLOW kubernetes"
                  + " preflight' to see every verb Flowline needs.";
          case 404 ->
              "the namespace may not exist: check METAFLOW_KUBERNETES_NAMESPACE or"
                  + " @Kubernetes(namespace).";
          case 409 -> "an object of that name exists already (a run id used twice?).";
          case 422 ->
              "the API server rejected the Job; this is a Flowline bug if 'kubernetes"
                  + " render' shows a valid Job: please report it with the message.";
          case 0 ->
              "the API server could not be reached: check the cluster address in the"
                  + " kubeconfig (KUBECONFIG) and the network.";
          default -> "see the message.";
        };
    return "could not "
        + action
        + (code > 0 ? " (HTTP " + code + ")" : "")
        + ": "
        + message
        + "; "
        + fix;
  }
}
