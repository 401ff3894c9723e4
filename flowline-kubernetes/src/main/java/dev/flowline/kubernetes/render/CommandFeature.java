package dev.flowline.kubernetes.render;

import dev.flowline.kubernetes.bootstrap.CodeFetcher;
import dev.flowline.kubernetes.codepackage.FetcherJar;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The container command: {@code sh -c SCRIPT}, a POSIX shell script that runs the sandbox init
 * script (from {@code METAFLOW_INIT_SCRIPT}) when there is one, finds the application's class path,
 * then {@code exec}s the task's {@code step} command: {@code java -cp "$FLOWLINE_CLASSPATH"
 * dev.flowline.Flowline FLOW step STEP ...}.
 *
 * <p>The class path, when the pod fetches its code ({@code METAFLOW_KUBERNETES_CODE_PACKAGE=fetch},
 * see {@link CodePackageFeature}): {@code FLOWLINE_CLASSPATH} when set and not empty (the image's
 * or the step's); else Jib's layout when the image has {@code /app/libs}; else the script decodes
 * the code fetcher ({@code base64 -d} of {@code $FLOWLINE_BOOTSTRAP} into {@code fetcher.jar} in
 * {@code $TMPDIR/flowline-code}, or {@code $PWD/flowline-code} when {@code $TMPDIR} (default {@code
 * /tmp}) is not writable) and takes the class path it prints after downloading the code package of
 * {@code $FLOWLINE_CODE_URL} ({@link CodeFetcher}); its failure (exit code and message) is the
 * container's. In image mode {@code FLOWLINE_CLASSPATH} is always set and the script has no fetch
 * part.
 *
 * <p>When the container has {@code METAFLOW_TEMPDIR} (the tmpfs with {@code tmpfsTempdir}, or the
 * step's {@code @Environment}), the JVM's temporary directory ({@code java.io.tmpdir}, where the
 * task's temporary files go) is set to it, as Metaflow's tasks use it for theirs.
 */
public final class CommandFeature implements PodFeature {
  /** The task's temporary directory, as in Metaflow. */
  public static final String TEMPDIR_VARIABLE = "METAFLOW_TEMPDIR";

  /** The folder (under {@code $TMPDIR} or the working directory) that receives the code. */
  public static final String CODE_FOLDER = "flowline-code";

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var main =
        new ContainerBuilder(pod.main())
            .withCommand(
                "sh", "-c", script(ctx.command(), hasTempdir(pod), ctx.settings().fetchesCode()))
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .build();
    return new StepPod(pod.pod(), main);
  }

  /** The script for {@code stepArgs} (the arguments of {@code dev.flowline.Flowline}). */
  public static String script(List<String> stepArgs) {
    return script(stepArgs, false, false);
  }

  /**
   * The script for {@code stepArgs}; with {@code tempdir}, the JVM's {@code java.io.tmpdir} is
   * {@code $METAFLOW_TEMPDIR}; with {@code fetch}, the class path comes from the code package when
   * neither {@code FLOWLINE_CLASSPATH} nor Jib's layout gives one.
   */
  public static String script(List<String> stepArgs, boolean tempdir, boolean fetch) {
    List<String> parts = new ArrayList<>();
    parts.add("set -e");
    parts.add("if [ -n \"${METAFLOW_INIT_SCRIPT:-}\" ]; then eval \"$METAFLOW_INIT_SCRIPT\"; fi");
    if (fetch) {
      parts.add(fetchPart());
    }
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

  /**
   * The part of the script that sets {@code FLOWLINE_CLASSPATH} when it is empty: Jib's layout when
   * the image has it, else the class path of the fetched code package.
   */
  public static String fetchPart() {
    String cp = EnvironmentFeature.CLASSPATH_VARIABLE;
    return String.join(
        "\n",
        "if [ -z \"${" + cp + ":-}\" ]; then",
        "  if [ -d /app/libs ]; then",
        "    " + cp + "=" + quote(EnvironmentFeature.DEFAULT_CLASSPATH),
        "  else",
        "    d=\"${TMPDIR:-/tmp}\"; [ -w \"$d\" ] || d=\"$PWD\"; d=\"$d/" + CODE_FOLDER + "\"",
        "    mkdir -p \"$d\"",
        "    printf '%s' \"$"
            + CodePackageFeature.BOOTSTRAP_VARIABLE
            + "\" | base64 -d > \"$d/"
            + FetcherJar.FILE_NAME
            + "\"",
        "    "
            + cp
            + "=\"$(java -cp \"$d/"
            + FetcherJar.FILE_NAME
            + "\" "
            + CodeFetcher.class.getName()
            + " \"$"
            + CodePackageFeature.CODE_URL_VARIABLE
            + "\" \"$d/code\")\" || exit $?",
        "  fi",
        "fi");
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
