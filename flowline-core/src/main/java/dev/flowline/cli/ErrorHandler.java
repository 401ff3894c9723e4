package dev.flowline.cli;

import dev.flowline.runtime.InvalidRunException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into messages and exit codes: bad usage (unknown option, bad value, {@link
 * UsageException}, {@link InvalidRunException}) prints the message with a pointer to {@code --help}
 * and exits 2; anything else is a failure (exit 1) with its stack trace.
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
      message = unknownArgument(cmd, u.getUnmatched());
    } else if (!commands(cmd).isEmpty()
        && ("Missing required subcommand".equals(message) || "Missing command.".equals(message))) {
      message =
          "'"
              + cmd.getCommandSpec().qualifiedName()
              + "': missing command. Give one of: "
              + String.join(", ", commands(cmd))
              + ".";
    }
    err.println(message);
    err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    return ExitCodes.USAGE;
  }

  /** The message for an unknown option, flow parameter, argument or command. */
  private static String unknownArgument(CommandLine cmd, List<String> unmatched) {
    String first = unmatched.get(0);
    String value =
        unmatched.size() > 1 && !unmatched.get(1).startsWith("-")
            ? " (value \"" + unmatched.get(1) + "\")"
            : "";
    String name = "'" + cmd.getCommandSpec().qualifiedName() + "': unknown ";
    if (!first.startsWith("-") && !commands(cmd).isEmpty()) {
      return name
          + "command '"
          + first
          + "'. Known commands: "
          + String.join(", ", commands(cmd))
          + ". Fix its name.";
    }
    var known =
        cmd.getCommandSpec().options().stream()
            .filter(o -> !o.hidden())
            .map(o -> o.longestName())
            .filter(n -> !n.equals("--help") && !n.equals("--version"))
            .toList();
    return name
        + (first.startsWith("-") ? "option or flow parameter " : "argument ")
        + "'"
        + first
        + "'"
        + value
        + (known.isEmpty()
            ? ". It takes no options"
            : ". Known options: " + String.join(", ", known))
        + ". Remove it or fix its name.";
  }

  /** The names of the visible subcommands of {@code cmd}. */
  private static List<String> commands(CommandLine cmd) {
    return cmd.getSubcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof UsageException || ex instanceof InvalidRunException) {
      err.println(ex.getMessage());
      return ExitCodes.USAGE;
    }
    err.println(cmd.getCommandSpec().qualifiedName() + " failed: " + ex);
    ex.printStackTrace(err);
    return ExitCodes.FAILED;
  }
}
