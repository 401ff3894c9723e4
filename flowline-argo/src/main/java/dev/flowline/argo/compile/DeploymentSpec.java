package dev.flowline.argo.compile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment is beyond the flow's steps: its names, owner and parameters.
 *
 * @param name the WorkflowTemplate's name (also the prefix of every run's workflow name, which is
 *     the run id); checked by {@link ArgoNames}
 * @param flowName the flow's name
 * @param flowClass the flow class's binary name
 * @param namespace the namespace the deployment goes to
 * @param owner who deploys it
 * @param parameters the flow's parameters, in declaration order
 * @param annotations extra annotations of the deployment (project, branch, ...)
 * @param with the {@code --with} specs given to {@code create}: every task runs with them, as every
 *     task of {@code run --with} does
 * @param codeUrl the signed URL of the code manifest when the pods fetch their code; empty renders
 *     the placeholder ({@code --only-json})
 */
public record DeploymentSpec(
    String name,
    String flowName,
    String flowClass,
    String namespace,
    String owner,
    List<WorkflowParameter> parameters,
    Map<String, String> annotations,
    List<String> with,
    Optional<String> codeUrl) {
  /** Canonical form: immutable copies. */
  public DeploymentSpec {
    parameters = List.copyOf(parameters);
    annotations = Map.copyOf(annotations);
    with = List.copyOf(with);
  }
}
