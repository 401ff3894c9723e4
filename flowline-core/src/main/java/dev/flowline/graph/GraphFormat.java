package dev.flowline.graph;

import java.util.Arrays;
import java.util.Locale;

/** The forms {@code show} can print a graph in ({@code --format text|mermaid|dot}). */
public enum GraphFormat {
  /** One paragraph per step: type, decorators, next steps. */
  TEXT,
  /** A Mermaid {@code flowchart TD}. */
  MERMAID,
  /** A Graphviz {@code digraph}. */
  DOT;

  /**
   * The format named {@code name}, ignoring case.
   *
   * @throws IllegalArgumentException naming the valid formats
   */
  public static GraphFormat parse(String name) {
    return Arrays.stream(values())
        .filter(f -> f.name().equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--format "
                        + name
                        + ": unknown format; use one of "
                        + Arrays.stream(values())
                            .map(f -> f.name().toLowerCase(Locale.ROOT))
                            .toList()
                        + "."));
  }
}
