package dev.flowline.argo.cli;

import dev.flowline.model.ParameterModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the flow's parameters from the words {@code trigger} did not match, as {@code run} takes
 * them: {@code --name value} or {@code --name=value}; a boolean parameter alone means {@code true}.
 */
final class FlowParameters {
  private FlowParameters() {}

  /**
   * The values given, by parameter name.
   *
   * @throws IllegalArgumentException naming a word that is not a parameter of the flow, or a
   *     parameter without a value
   */
  static Map<String, String> parse(List<ParameterModel> parameters, List<String> words) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String name;
      String value = null;
      if (!w.startsWith("--")) {
        throw new IllegalArgumentException(unknown(parameters, w));
      }
      int eq = w.indexOf('=');
      if (eq > 0) {
        name = w.substring(2, eq);
        value = w.substring(eq + 1);
      } else {
        name = w.substring(2);
      }
      var p = parameters.stream().filter(x -> x.name().equals(name)).findFirst();
      if (p.isEmpty()) {
        throw new IllegalArgumentException(unknown(parameters, w));
      }
      if (value == null) {
        boolean bool =
            p.get().javaType().equals("boolean") || p.get().javaType().equals("java.lang.Boolean");
        boolean next = i + 1 < words.size() && !words.get(i + 1).startsWith("--");
        if (next) {
          value = words.get(++i);
        } else if (bool) {
          value = "true";
        } else {
          throw new IllegalArgumentException(
              "parameter --" + name + " needs a value, e.g. --" + name + " VALUE.");
        }
      }
      given.put(name, value);
    }
    return given;
  }

  private static String unknown(List<ParameterModel> parameters, String word) {
    return "unknown option or parameter \""
        + word
        + "\": the flow has "
        + (parameters.isEmpty()
            ? "no parameters"
            : "parameters "
                + String.join(", ", parameters.stream().map(p -> "--" + p.name()).toList()))
        + ". Remove it or fix its name.";
  }
}
