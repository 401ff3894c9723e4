package dev.flowline.graph;

/**
 * One problem found in a flow's graph, parameters or decorators.
 *
 * @param step the step concerned, or {@code ""} for a problem of the whole flow or of a parameter
 * @param message what is wrong, naming the step (or parameter) and the bad value, e.g. {@code step
 *     'join': it joins [a] but the split at 'start' has branches [a, b]}
 * @param fix what to do about it, e.g. {@code make every branch of 'start' end with
 *     next(this::join)}
 * @param line the source line concerned, or 0 when unknown
 */
public record GraphProblem(String step, String message, String fix, int line) {

  /** The message and the fix as one sentence: {@code message; fix.} */
  public String text() {
    return message + "; " + fix + ".";
  }

  /** {@link #text()} preceded by the line when known: {@code line 12: step 'a': ...}. */
  @Override
  public String toString() {
    return line > 0 ? "line " + line + ": " + text() : text();
  }
}
