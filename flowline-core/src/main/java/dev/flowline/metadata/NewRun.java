package dev.flowline.metadata;

import dev.flowline.datastore.ArtifactIndex;
import java.util.List;
import java.util.Map;

/**
 * What the runtime knows when a run starts.
 *
 * @param flow the flow name
 * @param runId the run id (see {@link RunIds})
 * @param user the user who started it
 * @param tags user tags ({@code --tag})
 * @param systemTags system tags ({@code user:NAME}, {@code runtime:dev}, ...)
 * @param parameters parameter values as given (command line or environment), as text, by name
 * @param parameterValues the effective value of every declared parameter (given, from the
 *     environment, or the default), stored as artifacts, by field name
 */
public record NewRun(
    String flow,
    String runId,
    String user,
    List<String> tags,
    List<String> systemTags,
    Map<String, String> parameters,
    ArtifactIndex parameterValues) {
  /** Canonical form: immutable copies. */
  public NewRun {
    tags = List.copyOf(tags);
    systemTags = List.copyOf(systemTags);
    parameters = Map.copyOf(parameters);
  }

  /** A run without stored parameter values. */
  public NewRun(
      String flow,
      String runId,
      String user,
      List<String> tags,
      List<String> systemTags,
      Map<String, String> parameters) {
    this(flow, runId, user, tags, systemTags, parameters, ArtifactIndex.empty());
  }
}
