package dev.flowline.cli;

/**
 * A group of flow-scoped sub-commands contributed by a module, e.g. {@code kubernetes} ({@code
 * bin/flowline FLOW kubernetes render STEP}); found with {@link java.util.ServiceLoader} (register
 * the implementation in {@code META-INF/services/dev.flowline.cli.FlowCommandGroup}). Two groups
 * with the same name are an error that names both providers.
 */
public interface FlowCommandGroup {
  /** The sub-command name, e.g. {@code kubernetes}. */
  String name();

  /**
   * A picocli command object ({@code @Command}-annotated, with its own sub-commands) bound to
   * {@code context}.
   */
  Object create(FlowContext context);
}
