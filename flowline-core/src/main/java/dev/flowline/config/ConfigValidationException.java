package dev.flowline.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem found while validating configuration or step settings, reported at once. Commands
 * exit with code 2 on it (bad usage or configuration: nothing was run).
 */
public class ConfigValidationException extends ConfigException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /**
   * @param problems at least one problem
   */
  public ConfigValidationException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    String header =
        problems.size() == 1
            ? "1 configuration problem:"
            : problems.size() + " configuration problems:";
    return header
        + problems.stream().map(p -> "\n  - " + p.message()).collect(Collectors.joining());
  }
}
