package dev.flowline.kubernetes;

import java.util.Locale;

/** The container name of a step: lower case, characters outside [a-z0-9-] become '-'. */
public final class ContainerNames {
  private ContainerNames() {}

  /**
   * The container name for step {@code step}; may exceed 63 characters, which the resolver reports.
   */
  public static String forStep(String step) {
    String s =
        step.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "task" : s;
  }
}
