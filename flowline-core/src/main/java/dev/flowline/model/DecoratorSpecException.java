package dev.flowline.model;

import java.util.List;

/** One or more {@code --with} options could not be used; {@link #problems()} lists every one. */
public final class DecoratorSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Each problem names the option, what is wrong and the fix. */
  private final transient List<String> problems;

  /**
   * @param problems one message per problem, at least one
   */
  public DecoratorSpecException(List<String> problems) {
    super(
        problems.size() == 1
            ? problems.get(0)
            : problems.size() + " problems with --with:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each naming the option, what is wrong and the fix. */
  public List<String> problems() {
    return problems;
  }
}
