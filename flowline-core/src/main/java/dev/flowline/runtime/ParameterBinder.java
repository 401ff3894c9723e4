package dev.flowline.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowSpec;
import dev.flowline.model.ParameterModel;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves the values of a flow's {@code @Parameter} fields for a run: the command line ({@code
 * --name value}) beats the environment ({@code METAFLOW_RUN_<NAME>}) beats the field initializer.
 * Values are converted to the field's type: String, int, long, double, boolean (and boxes), or JSON
 * read with Jackson into any other type. Every problem is collected and reported at once.
 */
public final class ParameterBinder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ParameterModel> parameters;
  private final FlowFields fields;

  /** A binder for {@code parameters} of the flow described by {@code fields}. */
  public ParameterBinder(List<ParameterModel> parameters, FlowFields fields) {
    this.parameters = List.copyOf(parameters);
    this.fields = fields;
  }

  /** The environment variable that may hold parameter {@code name}: {@code METAFLOW_RUN_<NAME>}. */
  public static String envName(String name) {
    return "METAFLOW_RUN_" + name.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * The value of {@code METAFLOW_RUN_<NAME>} for parameter {@code name}, or {@code null} when it is
   * unset or empty: as in Metaflow (click), an empty variable counts as not set, so that {@code
   * METAFLOW_RUN_X=} does not satisfy a required parameter with an empty value.
   */
  public static String fromEnvironment(Map<String, String> env, String name) {
    String value = env.get(envName(name));
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * The value of every parameter, by field name, in declaration order.
   *
   * @param given raw values from the command line, by parameter name (without {@code --})
   * @param env the environment
   * @throws InvalidRunException listing every unknown, ill-typed or missing parameter, with the fix
   */
  public Map<String, Object> bind(Map<String, String> given, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    for (String name : given.keySet()) {
      if (parameters.stream().noneMatch(p -> p.name().equals(name))) {
        problems.add(
            "unknown parameter --"
                + name
                + " (value \""
                + given.get(name)
                + "\"): "
                + fields.flowClass().getSimpleName()
                + " has "
                + known()
                + ". Remove it or fix its name.");
      }
    }
    FlowSpec defaults = parameters.isEmpty() ? null : fields.newInstance();
    var values = new LinkedHashMap<String, Object>();
    for (ParameterModel p : parameters) {
      Field field = fields.field(p.fieldName()).orElse(null);
      if (field == null) {
        problems.add("parameter --" + p.name() + ": field " + p.fieldName() + " not found");
        continue;
      }
      String raw = given.get(p.name());
      String source = "--" + p.name();
      if (raw == null && fromEnvironment(env, p.name()) != null) {
        raw = fromEnvironment(env, p.name());
        source = envName(p.name());
      }
      if (raw == null) {
        if (p.required()) {
          problems.add(
              "parameter --"
                  + p.name()
                  + " is required but was not given"
                  + (p.help().isEmpty() ? "" : " (" + p.help() + ")")
                  + ". Pass --"
                  + p.name()
                  + " "
                  + example(field)
                  + " or set "
                  + envName(p.name())
                  + ".");
        }
        values.put(p.fieldName(), fields.get(defaults, p.fieldName()));
        continue;
      }
      try {
        values.put(p.fieldName(), convert(field, raw));
      } catch (IllegalArgumentException e) {
        problems.add(
            "parameter "
                + source
                + ": value \""
                + raw
                + "\" "
                + e.getMessage()
                + ". Give e.g. --"
                + p.name()
                + " "
                + example(field)
                + ".");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRunException(String.join("\n", problems));
    }
    return values;
  }

  private String known() {
    if (parameters.isEmpty()) {
      return "no parameters";
    }
    return "parameters "
        + String.join(", ", parameters.stream().map(p -> "--" + p.name()).toList());
  }

  /**
   * {@code value} of parameter {@code field} as the text {@link #convert} reads back: plain for
   * strings, numbers and booleans, the constant's name for enums, JSON for every other type. For
   * back ends that pass a parameter's value as text (an Argo workflow parameter, an environment
   * variable).
   *
   * @throws IllegalArgumentException when the value has no such text: Jackson cannot write it, or
   *     what it writes does not read back to an equal value (say why, for the error message)
   */
  public static String asText(Field field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("is null");
    }
    Class<?> type = field.getType();
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (type == String.class
        || type.isPrimitive()
        || value instanceof Number
        || value instanceof Boolean) {
      return String.valueOf(value);
    }
    String text;
    try {
      text = JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot be written as JSON (" + e.getOriginalMessage() + ")", e);
    }
    Object back;
    try {
      back = convert(field, text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "is written as JSON "
              + abbreviate(text)
              + ", which does not read back: "
              + e.getMessage(),
          e);
    }
    if (!java.util.Objects.deepEquals(back, value)) {
      throw new IllegalArgumentException(
          "is written as JSON "
              + abbreviate(text)
              + ", which reads back as a different value ("
              + type.getSimpleName()
              + " has no equals, or Jackson drops some of its state)");
    }
    return text;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  /** Converts {@code raw} to the type of {@code field}. */
  static Object convert(Field field, String raw) {
    Class<?> type = field.getType();
    try {
      if (type == String.class) {
        return raw;
      } else if (type == int.class || type == Integer.class) {
        return Integer.parseInt(raw.trim());
      } else if (type == long.class || type == Long.class) {
        return Long.parseLong(raw.trim());
      } else if (type == double.class || type == Double.class) {
        double d = Double.parseDouble(raw.trim());
        if (Double.isInfinite(d) && !raw.toLowerCase(Locale.ROOT).contains("infinity")) {
          throw new IllegalArgumentException("is too large for a double (at most about 1.8e308)");
        }
        return d;
      } else if (type == float.class || type == Float.class) {
        float f = Float.parseFloat(raw.trim());
        if (Float.isInfinite(f) && !raw.toLowerCase(Locale.ROOT).contains("infinity")) {
          throw new IllegalArgumentException("is too large for a float (at most about 3.4e38)");
        }
        return f;
      } else if (type.isEnum()) {
        return enumConstant(type, raw.trim());
      } else if (type == boolean.class || type == Boolean.class) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
          return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("is not a boolean (true or false)");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not " + describe(type));
    }
    try {
      requireEveryComponent(type, raw);
      return JSON.readerFor(JSON.constructType(field.getGenericType())).readValue(raw);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "is not valid JSON for " + type.getSimpleName() + " (" + e.getOriginalMessage() + ")");
    }
  }

  /**
   * A record given as a JSON object must name every component: Jackson would leave a missing one at
   * 0 or null without a word.
   */
  private static void requireEveryComponent(Class<?> type, String raw)
      throws JsonProcessingException {
    if (!type.isRecord()) {
      return;
    }
    var tree = JSON.readTree(raw);
    if (tree == null || !tree.isObject()) {
      return;
    }
    var components =
        java.util.Arrays.stream(type.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .toList();
    var missing = components.stream().filter(c -> !tree.has(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "lacks "
              + String.join(", ", missing)
              + ": every component of "
              + type.getSimpleName()
              + "("
              + String.join(", ", components)
              + ") must be given");
    }
  }

  /** The constant of enum {@code type} named {@code name}, ignoring case. */
  private static Object enumConstant(Class<?> type, String name) {
    Object[] constants = type.getEnumConstants();
    for (Object c : constants) {
      if (((Enum<?>) c).name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "is not one of "
            + Arrays.stream(constants).map(c -> ((Enum<?>) c).name()).toList()
            + " (the constants of "
            + type.getSimpleName()
            + ")");
  }

  private static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class) {
      return "an int (a whole number from -2147483648 to 2147483647)";
    } else if (type == long.class || type == Long.class) {
      return "a long (a whole number)";
    }
    return (type == float.class || type == Float.class ? "a float" : "a double")
        + " (a number such as 0.5)";
  }

  private static String example(Field field) {
    Class<?> type = field.getType();
    if (type == String.class) {
      return "text";
    } else if (type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class) {
      return "3";
    } else if (type == double.class
        || type == Double.class
        || type == float.class
        || type == Float.class) {
      return "0.5";
    } else if (type == boolean.class || type == Boolean.class) {
      return "true";
    } else if (type.isEnum() && type.getEnumConstants().length > 0) {
      return ((Enum<?>) type.getEnumConstants()[0]).name();
    }
    return "'{...}' (JSON for " + type.getSimpleName() + ")";
  }
}
