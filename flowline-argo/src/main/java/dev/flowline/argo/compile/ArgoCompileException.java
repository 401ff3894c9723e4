package dev.flowline.argo.compile;

import java.util.List;

/**
 * The flow cannot be deployed as it is: every problem found, each naming the thing, the value, the
 * rule and the fix. Nothing was created.
 */
public final class ArgoCompileException extends RuntimeException {
  private final List<String> problems;

  /** With {@code problems}, at least one. */
  public ArgoCompileException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each a complete message. */
  public List<String> problems() {
    return problems;
  }
}
