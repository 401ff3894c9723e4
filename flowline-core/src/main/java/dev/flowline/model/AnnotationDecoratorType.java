package dev.flowline.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.StepDecorator;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link DecoratorType} described by its annotation: the name comes from {@link StepDecorator},
 * the attributes are the annotation's members and a {@code --with} value is checked against the
 * member's type. Conversions: {@code String} takes the text as is (a JSON string literal is
 * unquoted); {@code int}/{@code long} a whole number; {@code double}/{@code float} a number; {@code
 * boolean} {@code true}/{@code false}; an enum one of its constant names; an array a JSON array (or
 * a single element); a nested annotation a JSON object. Subclass it with a public no-argument
 * constructor to register a decorator.
 */
public class AnnotationDecoratorType implements DecoratorType {
  private final Class<? extends Annotation> annotationType;
  private final String name;
  private final Map<String, Method> members;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param annotationType an annotation type carrying {@link StepDecorator}
   * @throws IllegalArgumentException when it does not carry {@code @StepDecorator}
   */
  public AnnotationDecoratorType(Class<? extends Annotation> annotationType) {
    StepDecorator meta = annotationType.getAnnotation(StepDecorator.class);
    if (meta == null) {
      throw new IllegalArgumentException(
          annotationType.getName()
              + " is not a step decorator: annotate it with @dev.flowline.StepDecorator(name = \"...\").");
    }
    this.annotationType = annotationType;
    this.name = meta.name();
    this.members = membersOf(annotationType);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Class<? extends Annotation> annotationType() {
    return annotationType;
  }

  @Override
  public Set<String> attributeNames() {
    return Collections.unmodifiableSet(new TreeSet<>(members.keySet()));
  }

  @Override
  public Object parseAttribute(String attribute, String text) {
    Method member = members.get(attribute);
    if (member == null) {
      throw new IllegalArgumentException(
          "decorator '"
              + name
              + "' has no attribute '"
              + attribute
              + "'; valid attributes are "
              + attributeNames());
    }
    return convert(member.getReturnType(), text);
  }

  private Object convert(Class<?> type, String text) {
    if (type == String.class || type == Class.class) {
      return unquote(text);
    }
    if (type == char.class) {
      String t = unquote(text);
      if (t.length() != 1) {
        throw new IllegalArgumentException("expects a single character, got \"" + text + "\"");
      }
      return t;
    }
    if (type == int.class || type == short.class || type == byte.class) {
      try {
        return Integer.valueOf(unquote(text).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expects a whole number, e.g. 3, got \"" + text + "\"", e);
      }
    }
    if (type == long.class) {
      try {
        return Long.valueOf(unquote(text).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expects a whole number, e.g. 3, got \"" + text + "\"", e);
      }
    }
    if (type == double.class || type == float.class) {
      try {
        return Double.valueOf(unquote(text).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expects a number, e.g. 1.5, got \"" + text + "\"", e);
      }
    }
    if (type == boolean.class) {
      String t = unquote(text).trim();
      if (t.equals("true") || t.equals("false")) {
        return Boolean.valueOf(t);
      }
      throw new IllegalArgumentException("expects true or false, got \"" + text + "\"");
    }
    if (type.isEnum()) {
      String t = unquote(text).trim();
      var constants =
          Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
      if (!constants.contains(t)) {
        throw new IllegalArgumentException(
            "expects one of " + constants + ", got \"" + text + "\"");
      }
      return t;
    }
    if (type.isArray()) {
      return convertArray(type.getComponentType(), text);
    }
    if (type.isAnnotation()) {
      return convertNested(type, readJson(text, "a JSON object, e.g. {\"key\":\"value\"}"));
    }
    throw new IllegalArgumentException(
        "has a type (" + type.getName() + ") that --with cannot set");
  }

  private List<Object> convertArray(Class<?> component, String text) {
    String t = text.trim();
    if (!t.startsWith("[")) {
      return List.of(convert(component, text));
    }
    JsonNode node = readJson(t, "a JSON array, e.g. [\"a\",\"b\"]");
    var values = new ArrayList<Object>();
    for (JsonNode element : node) {
      values.add(
          component.isAnnotation()
              ? convertNested(component, element)
              : convert(component, element.isTextual() ? element.asText() : element.toString()));
    }
    return List.copyOf(values);
  }

  private Map<String, Object> convertNested(Class<?> annotation, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "expects a JSON object, e.g. {\"key\":\"value\"}, got " + node);
    }
    @SuppressWarnings("unchecked")
    var nestedMembers = membersOf((Class<? extends Annotation>) annotation);
    var values = new LinkedHashMap<String, Object>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      Method member = nestedMembers.get(field.getKey());
      if (member == null) {
        throw new IllegalArgumentException(
            "has no key '"
                + field.getKey()
                + "' in its objects; valid keys are "
                + new TreeSet<>(nestedMembers.keySet()));
      }
      JsonNode v = field.getValue();
      values.put(
          field.getKey(),
          convert(member.getReturnType(), v.isTextual() ? v.asText() : v.toString()));
    }
    return Collections.unmodifiableMap(values);
  }

  private JsonNode readJson(String text, String expected) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "expects " + expected + ", got \"" + text + "\" (" + e.getOriginalMessage() + ")", e);
    }
  }

  private String unquote(String text) {
    String t = text.trim();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      try {
        return json.readTree(t).asText();
      } catch (JsonProcessingException e) {
        return text;
      }
    }
    return text;
  }

  private static Map<String, Method> membersOf(Class<? extends Annotation> type) {
    var byName = new TreeMap<String, Method>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.getParameterCount() == 0 && !m.isSynthetic()) {
        byName.put(m.getName(), m);
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  @Override
  public String toString() {
    return "@" + annotationType.getSimpleName() + " (" + name + ")";
  }
}
