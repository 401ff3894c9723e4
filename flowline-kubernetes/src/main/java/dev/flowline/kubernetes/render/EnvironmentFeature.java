package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task's environment: who and where it runs ({@code METAFLOW_USER}, {@code METAFLOW_RUN_ID},
 * {@code METAFLOW_KUBERNETES_WORKLOAD=1}, {@code METAFLOW_RUNTIME_ENVIRONMENT=kubernetes}), the
 * forwarded configuration (datastore roots, the EC2 metadata switch, Argo keys...), the init
 * script, then the step's {@code @Environment} (which may override any of these), then the Downward
 * API: pod name, namespace and uid, node name and IP, service account. Where the application's
 * classes come from is {@link CodePackageFeature}'s.
 */
public final class EnvironmentFeature implements PodFeature {
  /**
   * Class path of the task JVM. Set by {@link CodePackageFeature} in image mode (Jib's layout), by
   * the container script from the fetched code package otherwise; an image may set it, and a step
   * can point elsewhere with {@code @Environment(vars = "FLOWLINE_CLASSPATH=...")}.
   */
  public static final String CLASSPATH_VARIABLE = "FLOWLINE_CLASSPATH";

  /** Jib's class path layout. */
  public static final String DEFAULT_CLASSPATH = "/app/resources:/app/classes:/app/libs/*";

  private static final List<String[]> DOWNWARD =
      List.of(
          new String[] {"METAFLOW_KUBERNETES_POD_NAME", "metadata.name"},
          new String[] {"METAFLOW_KUBERNETES_POD_NAMESPACE", "metadata.namespace"},
          new String[] {"METAFLOW_KUBERNETES_POD_ID", "metadata.uid"},
          new String[] {"METAFLOW_KUBERNETES_NODE_NAME", "spec.nodeName"},
          new String[] {"METAFLOW_KUBERNETES_NODE_IP", "status.hostIP"},
          new String[] {"METAFLOW_KUBERNETES_SERVICE_ACCOUNT_NAME", "spec.serviceAccountName"});

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var s = ctx.settings();
    Map<String, String> plain = new LinkedHashMap<>();
    ctx.user().ifPresent(u -> plain.put("METAFLOW_USER", u));
    plain.put("METAFLOW_RUN_ID", TaskIdentity.RUN_ID);
    plain.put("METAFLOW_KUBERNETES_WORKLOAD", "1");
    plain.put("METAFLOW_RUNTIME_ENVIRONMENT", "kubernetes");
    s.sandboxInitScript()
        .ifPresent(
            script -> {
              plain.put("METAFLOW_INIT_SCRIPT", script);
              plain.put("METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT", script);
            });
    plain.putAll(s.environment());
    var main = new ContainerBuilder(pod.main());
    plain.forEach((k, v) -> main.addToEnv(new EnvVar(k, v, null)));
    for (String[] d : DOWNWARD) {
      if (!plain.containsKey(d[0])) {
        main.addToEnv(
            new EnvVarBuilder()
                .withName(d[0])
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath(d[1])
                .endFieldRef()
                .endValueFrom()
                .build());
      }
    }
    return new StepPod(pod.pod(), main.build());
  }
}
