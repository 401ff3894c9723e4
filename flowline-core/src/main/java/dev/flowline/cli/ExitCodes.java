package dev.flowline.cli;

/** The process exit codes of {@code bin/flowline}. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A task or the run failed. */
  public static final int FAILED = 1;

  /** Bad usage, configuration or graph: nothing was run. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
