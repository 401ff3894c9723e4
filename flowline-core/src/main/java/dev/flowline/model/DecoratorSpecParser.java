package dev.flowline.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses {@code --with} options: {@code NAME} or {@code NAME:key=value,key=value}. A value may
 * itself contain commas inside brackets, braces, parentheses or quotes ({@code
 * kubernetes:tolerations=[{"key":"a"}],cpu=2} has two attributes); each value is converted by its
 * {@link DecoratorType}. Attribute names are the annotation's ({@code minutesBetweenRetries});
 * Metaflow's snake_case spelling ({@code minutes_between_retries}) is accepted too. Every problem
 * of every option is collected before failing.
 */
public final class DecoratorSpecParser {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  private final DecoratorRegistry registry;

  /**
   * @param registry the decorators {@code --with} may name
   */
  public DecoratorSpecParser(DecoratorRegistry registry) {
    this.registry = registry;
  }

  /**
   * Parses every spec, in order.
   *
   * @throws DecoratorSpecException listing the problems of all specs
   */
  public List<DecoratorSpec> parseAll(List<String> specs) {
    var parsed = new ArrayList<DecoratorSpec>();
    var problems = new ArrayList<String>();
    for (String spec : specs) {
      parse(spec, problems).ifPresent(parsed::add);
    }
    if (!problems.isEmpty()) {
      throw new DecoratorSpecException(problems);
    }
    return List.copyOf(parsed);
  }

  /**
   * Parses one spec.
   *
   * @throws DecoratorSpecException listing its problems
   */
  public DecoratorSpec parse(String spec) {
    return parseAll(List.of(spec)).get(0);
  }

  private Optional<DecoratorSpec> parse(String spec, List<String> problems) {
    int colon = spec.indexOf(':');
    String name = (colon < 0 ? spec : spec.substring(0, colon)).trim();
    String prefix = "--with " + spec + ": ";
    if (!NAME.matcher(name).matches()) {
      problems.add(
          prefix
              + "malformed decorator name '"
              + name
              + "' (a lower-case name such as retry is expected);"
              + " write NAME or NAME:key=value,key=value, e.g. --with retry:times=2.");
      return Optional.empty();
    }
    Optional<DecoratorType> type = registry.find(name);
    if (type.isEmpty()) {
      problems.add(
          prefix
              + "unknown decorator '"
              + name
              + "'; known decorators are "
              + registry.names()
              + ". Use one of them, or add the module that provides '"
              + name
              + "' to the class path.");
      return Optional.empty();
    }
    var attributes = new LinkedHashMap<String, Object>();
    int before = problems.size();
    if (colon >= 0) {
      String body = spec.substring(colon + 1);
      if (body.isBlank()) {
        problems.add(
            prefix
                + "nothing follows ':'; write key=value pairs separated by commas, e.g. --with "
                + name
                + ":"
                + example(type.get())
                + ", or drop the ':'.");
        return Optional.empty();
      }
      for (String item : splitTopLevel(body, prefix, problems)) {
        parseItem(item, type.get(), prefix, attributes, problems);
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new DecoratorSpec(name, attributes, DecoratorSpec.Origin.COMMAND_LINE));
  }

  private void parseItem(
      String item,
      DecoratorType type,
      String prefix,
      LinkedHashMap<String, Object> attributes,
      List<String> problems) {
    int eq = item.indexOf('=');
    String written = (eq < 0 ? item : item.substring(0, eq)).trim();
    String key = type.attributeNames().contains(written) ? written : camelCase(written);
    if (eq < 0 || key.isEmpty()) {
      problems.add(
          prefix
              + "malformed attribute '"
              + item.trim()
              + "'; write key=value pairs separated by commas,"
              + " e.g. --with "
              + type.name()
              + ":"
              + example(type)
              + ".");
      return;
    }
    if (!type.attributeNames().contains(key)) {
      problems.add(
          prefix
              + "decorator '"
              + type.name()
              + "' has no attribute '"
              + written
              + "'; valid attributes are "
              + type.attributeNames()
              + ".");
      return;
    }
    if (attributes.containsKey(key)) {
      problems.add(prefix + "attribute '" + key + "' is given twice; give it once.");
      return;
    }
    String text = item.substring(eq + 1);
    try {
      attributes.put(key, type.parseAttribute(key, text));
    } catch (IllegalArgumentException e) {
      problems.add(
          prefix
              + "attribute '"
              + key
              + "' of '"
              + type.name()
              + "' "
              + e.getMessage()
              + ". Fix the value after '"
              + key
              + "='.");
    }
  }

  /**
   * Metaflow's snake_case attribute names map to the annotation's camelCase:
   * minutes_between_retries.
   */
  private static String camelCase(String name) {
    var out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_' && out.length() > 0) {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static String example(DecoratorType type) {
    return type.attributeNames().stream().findFirst().map(a -> a + "=VALUE").orElse("key=value");
  }

  /** Splits on commas that are outside brackets, braces, parentheses and quotes. */
  private static List<String> splitTopLevel(String body, String prefix, List<String> problems) {
    var items = new ArrayList<String>();
    var open = new ArrayDeque<Character>();
    char quote = 0;
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '"', '\'' -> quote = c;
        case '[' -> open.push(']');
        case '{' -> open.push('}');
        case '(' -> open.push(')');
        case ']', '}', ')' -> {
          if (open.isEmpty() || open.pop() != c) {
            problems.add(
                prefix
                    + "unbalanced '"
                    + c
                    + "' at position "
                    + (i + 1)
                    + " of '"
                    + body
                    + "'; check the brackets of the value.");
            return List.of();
          }
        }
        case ',' -> {
          if (open.isEmpty()) {
            items.add(body.substring(start, i));
            start = i + 1;
          }
        }
        default -> {}
      }
    }
    if (quote != 0) {
      problems.add(
          prefix + "unclosed quote " + quote + " in '" + body + "'; close the quoted value.");
      return List.of();
    }
    if (!open.isEmpty()) {
      problems.add(
          prefix
              + "unclosed bracket in '"
              + body
              + "' (missing '"
              + open.peek()
              + "'); close the value.");
      return List.of();
    }
    items.add(body.substring(start));
    return items;
  }
}
