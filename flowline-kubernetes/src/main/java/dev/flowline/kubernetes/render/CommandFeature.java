package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The container command: {@code sh -c SCRIPT}, a POSIX shell script that runs the sandbox init
 * script (from {@code METAFLOW_INIT_SCRIPT}) when there is one, then {@code exec}s the task's
 * {@code step} command: {@code java -cp "$FLOWLINE_CLASSPATH" dev.flowline.Flowline FLOW step STEP
 * ...}. When the container has {@code METAFLOW_TEMPDIR} (the tmpfs with {@code tmpfsTempdir}, or
 * the step's {@code @Environment}), the JVM's temporary directory ({@code java.io.tmpdir}, where
 * the task's temporary files go) is set to it, as Metaflow's tasks use it for theirs. Fetching the
 * code package is not done yet (a later issue): the image must hold the application (see {@link
 * EnvironmentFeature}).
 */
public final class CommandFeature implements PodFeature {
  /** The task's temporary directory, as in Metaflow. */
  public static final String TEMPDIR_VARIABLE = "METAFLOW_TEMPDIR";

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var main =
        new ContainerBuilder(pod.main())
            .withCommand("sh", "-c", script(ctx.command(), hasTempdir(pod)))
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .build();
    return new StepPod(pod.pod(), main);
  }

  /** The script for {@code stepArgs} (the arguments of {@code dev.flowline.Flowline}). */
  public static String script(List<String> stepArgs) {
    return script(stepArgs, false);
  }

  /**
   * The script for {@code stepArgs}; with {@code tempdir}, the JVM's {@code java.io.tmpdir} is
   * {@code $METAFLOW_TEMPDIR}.
   */
  public static String script(List<String> stepArgs, boolean tempdir) {
    List<String> parts = new ArrayList<>();
    parts.add("set -e");
    parts.add("if [ -n \"${METAFLOW_INIT_SCRIPT:-}\" ]; then eval \"$METAFLOW_INIT_SCRIPT\"; fi");
    StringBuilder java =
        new StringBuilder(
            "exec java "
                + (tempdir ? "-Djava.io.tmpdir=\"$" + TEMPDIR_VARIABLE + "\" " : "")
                + "-cp \"$"
                + EnvironmentFeature.CLASSPATH_VARIABLE
                + "\" dev.flowline.Flowline");
    for (String a : stepArgs) {
      java.append(' ').append(quote(a));
    }
    parts.add(java.toString());
    return String.join("\n", parts) + "\n";
  }

  private static boolean hasTempdir(StepPod pod) {
    return pod.main().getEnv().stream().anyMatch(e -> e.getName().equals(TEMPDIR_VARIABLE));
  }

  /** {@code s} as one POSIX shell word: single-quoted unless it is plainly safe. */
  public static String quote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=,@%+-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
