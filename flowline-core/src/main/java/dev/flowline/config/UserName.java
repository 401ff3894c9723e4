package dev.flowline.config;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Who runs a flow: one rule for the runtime (the run's user and its {@code user:NAME} tag), the
 * tasks ({@code current().username()}) and the client (its default namespace). Metaflow's rule: the
 * first value that is set and not {@code root} among {@code METAFLOW_USER} (environment or
 * configuration files), {@code SUDO_USER}, {@code USERNAME}, {@code USER}. Where Metaflow stops
 * with "Unknown user", Flowline takes the JVM's {@code user.name} (e.g. {@code root} in a
 * container), so a run still starts and the client still finds it.
 */
public final class UserName {
  private UserName() {}

  /** The user name by Metaflow's rule, or empty when none of its sources names a non-root user. */
  public static Optional<String> find(Config config) {
    var env = config.env();
    return Stream.concat(
            config.get(RuntimeOptions.USER.key()).stream(),
            Stream.of("SUDO_USER", "USERNAME", "USER").map(env::get))
        .filter(u -> u != null && !u.isBlank() && !u.equals("root"))
        .findFirst();
  }

  /**
   * The user name: {@link #find(Config)}, else the JVM's {@code user.name}, else {@code unknown}.
   */
  public static String of(Config config) {
    return find(config)
        .orElseGet(
            () -> {
              String jvm = System.getProperty("user.name");
              return jvm == null || jvm.isBlank() ? "unknown" : jvm;
            });
  }
}
