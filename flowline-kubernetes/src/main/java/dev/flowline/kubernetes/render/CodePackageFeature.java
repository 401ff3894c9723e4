package dev.flowline.kubernetes.render;

import dev.flowline.kubernetes.codepackage.FetcherJar;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the task container gets the application's classes, as environment variables first in the
 * container's list ({@link CommandFeature}'s script reads them):
 *
 * <ul>
 *   <li>{@code METAFLOW_KUBERNETES_CODE_PACKAGE=fetch} (default): {@value #BOOTSTRAP_VARIABLE}, the
 *       code fetcher as a base64 jar ({@link FetcherJar}), and {@value #CODE_URL_VARIABLE}, the
 *       signed URL of the run's code manifest ({@link StepContext#codeUrl()}; a placeholder when
 *       there is none, as in {@code kubernetes render}, which uploads nothing);
 *   <li>{@code image}: {@code FLOWLINE_CLASSPATH} with Jib's layout ({@link
 *       EnvironmentFeature#DEFAULT_CLASSPATH}).
 * </ul>
 *
 * <p>Nothing is added when the step's environment sets {@code FLOWLINE_CLASSPATH} itself: its class
 * path is used as it is.
 */
public final class CodePackageFeature implements PodFeature {
  /** The code fetcher jar, base64-encoded. */
  public static final String BOOTSTRAP_VARIABLE = "FLOWLINE_BOOTSTRAP";

  /** The signed URL of the run's code manifest. */
  public static final String CODE_URL_VARIABLE = "FLOWLINE_CODE_URL";

  /** {@value #CODE_URL_VARIABLE} of a Job rendered without an uploaded code package. */
  public static final String NO_CODE_URL =
      "(set when the run starts: its code manifest's signed URL)";

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    boolean ownClassPath =
        pod.main().getEnv().stream()
            .anyMatch(e -> e.getName().equals(EnvironmentFeature.CLASSPATH_VARIABLE));
    if (ownClassPath) {
      return pod;
    }
    List<EnvVar> env = new ArrayList<>();
    if (ctx.settings().fetchesCode()) {
      env.add(new EnvVar(BOOTSTRAP_VARIABLE, FetcherJar.base64(), null));
      env.add(new EnvVar(CODE_URL_VARIABLE, ctx.codeUrl().orElse(NO_CODE_URL), null));
    } else {
      env.add(
          new EnvVar(
              EnvironmentFeature.CLASSPATH_VARIABLE, EnvironmentFeature.DEFAULT_CLASSPATH, null));
    }
    env.addAll(pod.main().getEnv());
    return new StepPod(pod.pod(), new ContainerBuilder(pod.main()).withEnv(env).build());
  }
}
