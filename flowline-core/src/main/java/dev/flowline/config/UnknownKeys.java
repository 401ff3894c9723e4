package dev.flowline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Warnings for {@code METAFLOW_*} keys that look like a misspelt Flowline setting (within three
 * edits of a known key, e.g. {@code METAFLOW_DATASTORE_SYSROT_S3}): such a key is otherwise
 * silently ignored. Keys of Metaflow that Flowline does not use (e.g. {@code METAFLOW_SERVICE_URL})
 * and run parameters ({@code METAFLOW_RUN_*}) are not warned about.
 */
public final class UnknownKeys {
  private static final Set<String> ALWAYS_KNOWN = Set.of("METAFLOW_HOME", "METAFLOW_PROFILE");
  private static final int MAX_EDITS = 3;

  private UnknownKeys() {}

  /** One warning per misspelt-looking key of {@code config}, given the known {@code catalog}. */
  public static List<String> warnings(Config config, OptionCatalog catalog) {
    var known = catalog.options().stream().map(ConfigOption::key).toList();
    var warnings = new ArrayList<String>();
    for (ConfigValue v : config.metaflowKeys()) {
      String key = v.key();
      if (known.contains(key) || ALWAYS_KNOWN.contains(key) || key.startsWith("METAFLOW_RUN_")) {
        continue;
      }
      String closest = null;
      int best = MAX_EDITS + 1;
      for (String k : known) {
        int d = distance(key, k);
        if (d < best) {
          best = d;
          closest = k;
        }
      }
      if (closest != null) {
        warnings.add(
            "warning: "
                + key
                + " (from "
                + v.source()
                + ") is not a Flowline setting and is ignored; did you mean "
                + closest
                + "? 'bin/flowline configure show' lists every setting.");
      }
    }
    return warnings;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
