package dev.flowline.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code docs/configuration.md} from the option declarations. {@link #main} writes the file
 * for the options on the class path; a test in {@code flowline-examples} (which sees every module)
 * fails when the committed file differs.
 */
public final class ConfigurationDocs {
  private ConfigurationDocs() {}

  /** The Markdown page for every option of {@code catalog}. */
  public static String render(OptionCatalog catalog) {
    var b = new StringBuilder();
    b.append("# Configuration reference\n\n")
        .append(
            "<!-- Generated from the option declarations by dev.flowline.config.ConfigurationDocs;")
        .append(" do not edit. Regenerate with: ./mvnw -B -q -pl flowline-examples -am verify")
        .append(" -Dtest=ConfigurationDocsTest -Dsurefire.failIfNoSpecifiedTests=false")
        .append(" -Dflowline.docs.update=true -->\n\n")
        .append(
            "Flowline reads Metaflow's configuration. Each key is looked up, in this order,"
                + " in:\n\n")
        .append("1. the environment variable of that name;\n")
        .append(
            "2. `.metaflow/config.json` in the nearest directory, walking up from the working"
                + " directory,")
        .append(" that has a `.metaflow` folder;\n")
        .append(
            "3. `$METAFLOW_HOME/config.json`, or `$METAFLOW_HOME/config_$METAFLOW_PROFILE.json`"
                + " when")
        .append(" `METAFLOW_PROFILE` is set (`METAFLOW_HOME` defaults to `~/.metaflowconfig`);\n")
        .append("4. the default below.\n\n")
        .append(
            "Config files are JSON objects keyed by the full names. List- and object-valued keys"
                + " may be")
        .append(
            " written as native JSON or as a JSON string. `bin/flowline configure show` prints"
                + " every")
        .append(" option with its effective value and source (secrets masked).\n");
    for (OptionGroup g : catalog.groups()) {
      b.append("\n## ").append(g.title()).append("\n\n").append(g.description()).append("\n\n");
      b.append("| Key | Type | Default | Description |\n|---|---|---|---|\n");
      for (ConfigOption<?> o : g.options()) {
        String def = o.defaultText().isEmpty() ? "(none)" : code(o.defaultText());
        String doc =
            o.doc()
                + (o.forwarded() ? " Forwarded to remote tasks as an environment variable." : "")
                + (o.secret() ? " **Secret**: never shown, never forwarded." : "");
        b.append("| `")
            .append(o.key())
            .append("` | ")
            .append(cell(o.type().describe()))
            .append(" | ")
            .append(cell(def))
            .append(" | ")
            .append(cell(doc))
            .append(" |\n");
      }
    }
    return b.toString();
  }

  /**
   * Writes the page for the options on the class path to {@code args[0]} (default {@code
   * docs/configuration.md}).
   */
  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, render(OptionCatalog.load()), StandardCharsets.UTF_8);
  }

  private static String code(String text) {
    return text.contains("`") ? text : "`" + text + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
