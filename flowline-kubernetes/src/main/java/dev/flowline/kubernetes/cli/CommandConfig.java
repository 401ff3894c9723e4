package dev.flowline.kubernetes.cli;

import dev.flowline.cli.DatastoreSelection;
import dev.flowline.config.Config;
import dev.flowline.config.DatastoreOptions;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Settings;
import dev.flowline.datastore.Datastores;
import java.util.Locale;

/**
 * The configuration a {@code kubernetes} command sees: the flow's, with its own options applied.
 */
final class CommandConfig {
  private CommandConfig() {}

  /**
   * {@code raw} with {@code --datastore KIND} standing for {@code METAFLOW_DEFAULT_DATASTORE} and
   * {@code --datastore-root ROOT} for that kind's {@code METAFLOW_DATASTORE_SYSROOT_<KIND>}, as
   * {@code run} applies them: checks, the pod's environment and the datastore all see them.
   */
  static Config withDatastore(Config raw, DatastoreSelection selection) {
    String datastore = selection.kind().orElse(null);
    String root = selection.root().orElse(null);
    Config out = raw;
    if (datastore != null) {
      out = out.withValue(DatastoreOptions.DEFAULT_DATASTORE.key(), datastore, "--datastore");
    }
    if (root != null) {
      String kind = Datastores.selectKind(datastore, raw);
      out =
          out.withValue(
              "METAFLOW_DATASTORE_SYSROOT_" + kind.toUpperCase(Locale.ROOT),
              root,
              "--datastore-root");
    }
    return out;
  }

  /** Every option of the class path's catalog, resolved against {@code config}. */
  static Settings settings(Config config) {
    return Settings.resolve(config, OptionCatalog.load(CommandConfig.class.getClassLoader()));
  }
}
