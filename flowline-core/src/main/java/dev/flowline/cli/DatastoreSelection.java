package dev.flowline.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --datastore KIND} and {@code --datastore-root ROOT} options, declared once for every
 * command that reads or writes a run's data ({@code run}, {@code resume}, {@code step}, {@code
 * dump}, {@code logs}, {@code tag}, {@code kubernetes render}): add it with {@code @Mixin}.
 */
public final class DatastoreSelection {
  @Option(
      names = "--datastore",
      paramLabel = "KIND",
      description =
          "Datastore kind: local (default, ./.metaflow), s3, azure, gs. Default from"
              + " METAFLOW_DEFAULT_DATASTORE.")
  private String kind;

  @Option(
      names = "--datastore-root",
      paramLabel = "ROOT",
      description =
          "Where the datastore keeps its data: a folder for local, a bucket URL for s3/gs,"
              + " container/prefix for azure. Default: METAFLOW_DATASTORE_SYSROOT_<KIND>.")
  private String root;

  /** The kind given on the command line, if any. */
  public Optional<String> kind() {
    return Optional.ofNullable(kind);
  }

  /** The root given on the command line, if any. */
  public Optional<String> root() {
    return Optional.ofNullable(root);
  }
}
