package dev.flowline.config;

import java.util.List;

/**
 * The options of one area (Kubernetes, Argo, datastore, ...), contributed by a module through
 * {@link java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/dev.flowline.config.OptionGroup}. Implementations need a public no-argument
 * constructor; options are usually {@code static final} constants of the implementing class.
 */
public interface OptionGroup {
  /** A short title for the docs, e.g. {@code Kubernetes}. */
  String title();

  /** One paragraph for the docs: what the area is and how its options interact. */
  String description();

  /** The options, in the order the docs list them. */
  List<ConfigOption<?>> options();
}
