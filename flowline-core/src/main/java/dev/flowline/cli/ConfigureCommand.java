package dev.flowline.cli;

import dev.flowline.config.Config;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/flowline configure ...}: configuration commands that concern no flow. */
@Command(
    name = "configure",
    mixinStandardHelpOptions = true,
    description = "Inspect Flowline's (Metaflow-compatible) configuration.")
public final class ConfigureCommand {

  /**
   * The {@code configure} command with its {@code show} sub-command, ready to add to a root
   * command.
   */
  public static CommandLine commandLine(Supplier<Config> config, PrintWriter out, PrintWriter err) {
    return new CommandLine(new ConfigureCommand())
        .addSubcommand("show", new ConfigureShowCommand(config, out, err));
  }
}
