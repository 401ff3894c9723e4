package dev.flowline.runtime;

/** Receives the output of a running task, line by line, as it is produced. */
@FunctionalInterface
public interface OutputListener {
  /**
   * One line of output, without its line terminator.
   *
   * @param stderr whether it came from standard error
   */
  void line(boolean stderr, String line);
}
