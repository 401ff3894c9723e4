package dev.flowline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowline.config.Config;
import dev.flowline.config.ConfigException;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Problem;
import dev.flowline.config.ResolvedOption;
import dev.flowline.config.Settings;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/flowline configure show [--json]}: every declared option with its effective value and
 * where it came from ({@code env}, a config file's path, {@code default} or {@code unset}). Secret
 * and credential-like values are masked. Invalid values are listed with their problem, and the
 * command then exits with 2.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show every configuration option, its effective value and its source.")
public final class ConfigureShowCommand implements Callable<Integer> {
  private final Supplier<Config> config;
  private final Supplier<OptionCatalog> catalog;
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--json", description = "Print a JSON list instead of a table.")
  boolean json;

  /** With the options found on the class path. */
  public ConfigureShowCommand(Supplier<Config> config, PrintWriter out, PrintWriter err) {
    this(config, OptionCatalog::load, out, err);
  }

  /** With an explicit catalog (tests). */
  public ConfigureShowCommand(
      Supplier<Config> config, Supplier<OptionCatalog> catalog, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.catalog = catalog;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Settings settings;
    try {
      settings = Settings.resolve(config.get(), catalog.get());
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    if (json) {
      printJson(settings);
    } else {
      printTable(settings);
    }
    out.flush();
    List<Problem> problems = settings.problems();
    if (!problems.isEmpty()) {
      err.println(new dev.flowline.config.ConfigValidationException(problems).getMessage());
      err.flush();
      return 2;
    }
    return 0;
  }

  private void printTable(Settings settings) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KEY", "VALUE", "SOURCE"});
    for (ResolvedOption<?> r : settings.entries()) {
      String value = r.problem().isPresent() ? r.shownValue() + "  (INVALID)" : r.shownValue();
      rows.add(new String[] {r.option().key(), value, r.source()});
    }
    int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int w1 = Math.min(60, rows.stream().mapToInt(r -> r[1].length()).max().orElse(0));
    for (String[] r : rows) {
      out.println(pad(r[0], w0) + "  " + pad(r[1], w1) + "  " + r[2]);
    }
  }

  private void printJson(Settings settings) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ResolvedOption<?> r : settings.entries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", r.option().key());
      m.put("value", r.value().isPresent() || r.rawText().isPresent() ? r.shownValue() : null);
      m.put("source", r.source());
      m.put("default", r.option().defaultText());
      m.put("secret", r.option().secret());
      m.put("problem", r.problem().map(Problem::message).orElse(null));
      list.add(m);
    }
    try {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
