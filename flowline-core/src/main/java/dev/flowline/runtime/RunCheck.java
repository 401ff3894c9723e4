package dev.flowline.runtime;

import dev.flowline.config.Config;
import dev.flowline.config.Problem;
import dev.flowline.model.FlowModel;
import java.util.List;

/**
 * A check that a module adds to {@code run} and {@code resume}: it runs after the graph is read and
 * before anything is written or started, and any problem it reports stops the command with exit
 * code 2 (all problems of all checks are reported together), also for a run started without the CLI
 * ({@link LocalLaunch}). Found with {@link java.util.ServiceLoader} on the flow's class path
 * (register the implementation in {@code META-INF/services/dev.flowline.runtime.RunCheck}).
 * Example: the Kubernetes module rejects a step on Kubernetes with the local datastore.
 */
public interface RunCheck {
  /**
   * The problems that must stop a run of {@code flow}; empty when there are none. Pure: it reads
   * {@code config} and the model only, writes nothing and contacts nothing.
   *
   * @param flow the flow's model with the command's {@code --with} decorators applied
   * @param config the configuration; {@code --datastore KIND}, when given, is already applied as
   *     {@code METAFLOW_DEFAULT_DATASTORE} with the source {@code --datastore}
   */
  List<Problem> check(FlowModel flow, Config config);
}
