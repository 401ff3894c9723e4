package dev.flowline.config;

import java.util.List;

/**
 * Options of the runtime that apply to every back end: the user name and the default time limit.
 */
public final class RuntimeOptions implements OptionGroup {
  /** Seconds a task may run when its step has no {@code @Timeout}. */
  public static final ConfigOption<Long> DEFAULT_RUNTIME_LIMIT =
      ConfigOption.builder(
              "METAFLOW_DEFAULT_RUNTIME_LIMIT",
              ValueType.integer(60, Integer.MAX_VALUE, "\"3600\""))
          .defaultValue(432000L)
          .doc(
              "Seconds a task may run when its step has no `@Timeout` (5 days by default). On"
                  + " Kubernetes it becomes the pod's `activeDeadlineSeconds`.")
          .build();

  /**
   * The user name recorded with runs; else taken from SUDO_USER, USERNAME or USER ({@link
   * UserName}).
   */
  public static final ConfigOption<String> USER =
      ConfigOption.builder("METAFLOW_USER", ValueType.nonEmptyString("\"alice\""))
          .defaultText(
              "the first of `SUDO_USER`, `USERNAME`, `USER` that is not `root`, else the JVM's"
                  + " `user.name`")
          .doc("User name recorded with runs and put on Kubernetes objects (`flowline/user`).")
          .build();

  @Override
  public String title() {
    return "Runtime";
  }

  @Override
  public String description() {
    return "Settings of the runtime shared by all back ends.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(DEFAULT_RUNTIME_LIMIT, USER);
  }
}
