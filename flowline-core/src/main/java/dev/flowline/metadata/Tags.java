package dev.flowline.metadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** Metaflow's rules for user tags: non-empty, at most 500 characters, at most 50 per run. */
public final class Tags {
  static final int MAX_LENGTH = 500;
  static final int MAX_TAGS = 50;

  private Tags() {}

  /** Every problem with {@code tags}, one message each (empty when they are fine). */
  public static List<String> problems(Collection<String> tags) {
    List<String> problems = new ArrayList<>();
    for (String t : tags) {
      if (t == null || t.isBlank()) {
        problems.add(
            "tag '" + t + "' is empty: a tag must be a non-empty string, e.g. 'experiment-3'");
      } else if (t.length() > MAX_LENGTH) {
        problems.add(
            "tag '"
                + t.substring(0, 40)
                + "...' has "
                + t.length()
                + " characters; a tag has at most "
                + MAX_LENGTH);
      } else if (!StandardCharsets.UTF_8.newEncoder().canEncode(t)) {
        problems.add("tag '" + t + "' is not valid Unicode text; use plain UTF-8 text");
      }
    }
    return problems;
  }

  /** Throws one exception naming every problem with {@code tags}, prefixed by {@code context}. */
  static void check(String context, Collection<String> tags) {
    List<String> problems = problems(tags);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(context + ": " + String.join("; ", problems));
    }
  }

  /** {@code current} minus {@code remove} plus {@code add}, without duplicates, in order. */
  static List<String> apply(
      List<String> current, Collection<String> remove, Collection<String> add) {
    var result = new LinkedHashSet<>(current);
    result.removeAll(remove);
    result.addAll(add);
    return List.copyOf(result);
  }
}
