package dev.flowline.config;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Who runs a flow, as Metaflow decides it: the first value that is set and not {@code root} among
 * {@code METAFLOW_USER} (environment or config files), {@code SUDO_USER}, {@code USERNAME}, {@code
 * USER}.
 */
public final class UserName {
  private UserName() {}

  /** The user name, or empty when none of the sources names a non-root user. */
  public static Optional<String> of(Settings settings) {
    var env = settings.config().env();
    return Stream.concat(
            settings.find(RuntimeOptions.USER).stream(),
            Stream.of("SUDO_USER", "USERNAME", "USER").map(env::get))
        .filter(u -> u != null && !u.isBlank() && !u.equals("root"))
        .findFirst();
  }
}
