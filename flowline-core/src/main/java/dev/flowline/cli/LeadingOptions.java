package dev.flowline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Metaflow's top-level options written before the command, as Metaflow users type them ({@code
 * bin/flowline F --with retry run}, {@code F --datastore local dump ...}, {@code F --quiet run}):
 * they are moved after the command (and its subcommand, as in {@code tag add}), where the command
 * takes them. {@code --quiet} is dropped for a command that prints no progress anyway.
 *
 * @param options the options before the command, each with its value
 * @param rest the command and everything after it
 */
record LeadingOptions(List<String> options, List<String> rest) {
  /** The options that may come before the command, and whether each takes a value. */
  static final Map<String, Boolean> TAKES_VALUE =
      Map.of("--with", true, "--datastore", true, "--datastore-root", true, "--quiet", false);

  private static final List<String> NAMES =
      List.of("--with", "--datastore", "--datastore-root", "--quiet");

  LeadingOptions {
    options = List.copyOf(options);
    rest = List.copyOf(rest);
  }

  /**
   * Splits {@code args} (everything after FLOW) into the options before the command and the rest.
   *
   * @throws UsageException for an option that does not belong before the command, or one without
   *     its value
   */
  static LeadingOptions split(List<String> args, String flowArgument) {
    var options = new ArrayList<String>();
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-") && !isHelp(args.get(i))) {
      String arg = args.get(i);
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      Boolean takesValue = TAKES_VALUE.get(name);
      if (takesValue == null) {
        throw new UsageException(
            "'"
                + flowArgument
                + "': unknown option '"
                + arg
                + "' before the command. Before the command go Metaflow's top-level options "
                + String.join(", ", NAMES)
                + "; a command's own options go after it, e.g. 'bin/flowline "
                + flowArgument
                + " run "
                + arg
                + " ...'.");
      }
      options.add(arg);
      i++;
      if (takesValue && !arg.contains("=")) {
        if (i == args.size()) {
          throw new UsageException(
              "'"
                  + flowArgument
                  + "': option '"
                  + arg
                  + "' needs a value, e.g. 'bin/flowline "
                  + flowArgument
                  + " "
                  + example(name)
                  + " run'.");
        }
        options.add(args.get(i));
        i++;
      }
    }
    return new LeadingOptions(options, args.subList(i, args.size()));
  }

  private static boolean isHelp(String arg) {
    return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
  }

  private static String example(String name) {
    return switch (name) {
      case "--with" -> "--with retry";
      case "--datastore" -> "--datastore local";
      default -> name + " VALUE";
    };
  }

  /** The command's name, when one follows the options: what {@code run} or {@code resume} needs. */
  String command() {
    return rest.isEmpty() ? "" : rest.get(0);
  }

  /**
   * The arguments as the command tree {@code root} parses them: the options right after the
   * (sub)command that takes them.
   *
   * @throws UsageException when no command follows the options, or the command does not take one
   */
  List<String> placeIn(CommandLine root, String flowArgument) {
    if (options.isEmpty()) {
      return rest;
    }
    CommandLine command = root;
    int at = 0;
    while (at < rest.size() && command.getSubcommands().containsKey(rest.get(at))) {
      command = command.getSubcommands().get(rest.get(at));
      at++;
    }
    if (at == 0) {
      if (!rest.isEmpty() && isHelp(rest.get(0))) {
        return rest;
      }
      throw new UsageException(
          "'"
              + flowArgument
              + " "
              + String.join(" ", options)
              + "': missing command after the options. Give one, e.g. 'bin/flowline "
              + flowArgument
              + " "
              + String.join(" ", options)
              + " run'.");
    }
    var placed = new ArrayList<String>(rest.subList(0, at));
    for (int i = 0; i < options.size(); i++) {
      String arg = options.get(i);
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      boolean withValue = TAKES_VALUE.get(name) && !arg.contains("=");
      if (command.getCommandSpec().findOption(name) != null) {
        placed.add(arg);
        if (withValue) {
          placed.add(options.get(i + 1));
        }
      } else if (!name.equals("--quiet")) {
        throw new UsageException(
            "'"
                + command.getCommandSpec().qualifiedName()
                + "' does not take "
                + name
                + " (given before the command); "
                + commandsTaking(root, name)
                + ". Remove it.");
      }
      if (withValue) {
        i++;
      }
    }
    placed.addAll(rest.subList(at, rest.size()));
    return placed;
  }

  /** "--with is taken by run, resume, ..." */
  private static String commandsTaking(CommandLine root, String name) {
    var names = new ArrayList<String>();
    root.getSubcommands()
        .forEach(
            (n, c) -> {
              if (!c.getCommandSpec().usageMessage().hidden()
                  && c.getCommandSpec().findOption(name) != null) {
                names.add(n);
              }
            });
    return names.isEmpty()
        ? "no command takes it"
        : name + " is an option of " + String.join(", ", names);
  }
}
