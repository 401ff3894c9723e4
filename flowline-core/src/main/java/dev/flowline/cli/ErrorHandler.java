package dev.flowline.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into messages and exit codes: bad usage (unknown option, bad value, {@link
 * UsageException}) prints the message with a pointer to {@code --help} and exits 2; anything else
 * is a failure (exit 1) with its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final PrintWriter err;

  ErrorHandler(PrintWriter err) {
    this.err = err;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String message = ex.getMessage();
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      var unmatched = u.getUnmatched();
      String first = unmatched.get(0);
      String value =
          unmatched.size() > 1 && !unmatched.get(1).startsWith("-")
              ? " (value \"" + unmatched.get(1) + "\")"
              : "";
      var known =
          cmd.getCommandSpec().options().stream()
              .filter(o -> !o.hidden())
              .map(o -> o.longestName())
              .filter(n -> !n.equals("--help") && !n.equals("--version"))
              .toList();
      message =
          "'"
              + cmd.getCommandSpec().qualifiedName()
              + "': unknown "
              + (first.startsWith("-") ? "option or flow parameter " : "argument ")
              + "'"
              + first
              + "'"
              + value
              + ". Known options: "
              + String.join(", ", known)
              + ". Remove it or fix its name.";
    }
    err.println(message);
    err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof UsageException) {
      err.println(ex.getMessage());
      return ExitCodes.USAGE;
    }
    err.println(cmd.getCommandSpec().qualifiedName() + " failed: " + ex);
    ex.printStackTrace(err);
    return ExitCodes.FAILED;
  }
}
