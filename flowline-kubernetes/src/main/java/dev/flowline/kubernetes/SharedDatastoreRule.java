package dev.flowline.kubernetes;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.DatastoreOptions;
import dev.flowline.config.Problem;
import dev.flowline.config.ResolvedOption;
import dev.flowline.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A step on Kubernetes needs a datastore its pod can reach: {@code s3}, {@code azure} or {@code
 * gs}, with that store's root set (the pod gets the root as a forwarded variable). The local
 * datastore is a folder on the launching machine that no pod can see, so Metaflow rejects it before
 * anything is submitted, and so does Flowline. The datastore in use is {@code
 * METAFLOW_DEFAULT_DATASTORE}; a command's {@code --datastore} is applied to it beforehand (see
 * {@link dev.flowline.config.Config#withValue}).
 */
public final class SharedDatastoreRule {
  /** The root option of each shared datastore kind. */
  public static final Map<String, ConfigOption<String>> ROOTS =
      Map.of(
          "s3", DatastoreOptions.SYSROOT_S3,
          "azure", DatastoreOptions.SYSROOT_AZURE,
          "gs", DatastoreOptions.SYSROOT_GS);

  private static final Map<String, String> ROOT_EXAMPLES =
      Map.of(
          "s3", "s3://my-bucket/flowline",
          "azure", "my-container/flowline",
          "gs", "gs://my-bucket/flowline");

  private SharedDatastoreRule() {}

  /**
   * The problems of running {@code steps} (names, at least one) on Kubernetes with the datastore
   * {@code settings} select: none, or one that names every step. An invalid datastore kind or root
   * is left to {@link Settings#problems()}, which already reports it.
   */
  public static List<Problem> check(List<String> steps, Settings settings) {
    ResolvedOption<String> kind = settings.entry(DatastoreOptions.DEFAULT_DATASTORE);
    if (kind.value().isEmpty()) {
      return List.of();
    }
    String subject = subject(steps);
    String value = kind.value().get();
    if (value.equals("local")) {
      return List.of(
          new Problem(
              subject + ": datastore",
              value,
              "("
                  + origin(kind)
                  + ") is a folder on this machine, which a pod cannot read; a step on Kubernetes"
                  + " needs a shared datastore: s3, azure or gs",
              "--datastore s3 with "
                  + DatastoreOptions.SYSROOT_S3.key()
                  + "="
                  + ROOT_EXAMPLES.get("s3")
                  + " (or "
                  + DatastoreOptions.DEFAULT_DATASTORE.key()
                  + "=s3 in the environment or a config file; azure needs "
                  + DatastoreOptions.SYSROOT_AZURE.key()
                  + ", gs needs "
                  + DatastoreOptions.SYSROOT_GS.key()
                  + ")"));
    }
    ConfigOption<String> root = ROOTS.get(value);
    if (root == null) {
      return List.of();
    }
    ResolvedOption<String> rootEntry = settings.entry(root);
    if (rootEntry.value().isPresent() || rootEntry.problem().isPresent()) {
      return List.of();
    }
    return List.of(
        new Problem(
            subject + ": " + root.key(),
            "",
            "is not set, but the "
                + value
                + " datastore ("
                + origin(kind)
                + ") needs its root: the pod finds the run's artifacts through it",
            root.key() + "=" + ROOT_EXAMPLES.get(value)));
  }

  private static String subject(List<String> steps) {
    String names = steps.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    return (steps.size() == 1 ? "step " : "steps ") + names + " (on Kubernetes)";
  }

  private static String origin(ResolvedOption<String> kind) {
    String key = DatastoreOptions.DEFAULT_DATASTORE.key();
    return switch (kind.source()) {
      case ResolvedOption.DEFAULT -> "the default of " + key;
      case "--datastore" -> "from --datastore";
      case "env" -> "from " + key + " in the environment";
      default -> "from " + key + " in " + kind.source();
    };
  }
}
