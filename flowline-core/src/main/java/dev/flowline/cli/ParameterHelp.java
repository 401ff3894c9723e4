package dev.flowline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowSpec;
import dev.flowline.runtime.FlowFields;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What {@code run --help} says about a parameter beyond its help text: an enum's constants and the
 * default (the field's initial value in a new flow object, as text or JSON).
 */
final class ParameterHelp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEFAULT = 200;

  private final FlowFields fields;
  private final FlowSpec flow;

  private ParameterHelp(FlowFields fields, FlowSpec flow) {
    this.fields = fields;
    this.flow = flow;
  }

  /** No defaults known (help not asked for). */
  static ParameterHelp none() {
    return new ParameterHelp(null, null);
  }

  /**
   * The defaults of {@code flowClass}; none when the flow cannot be built (its constructor or a
   * field initializer throws: {@code run} reports that itself).
   */
  static ParameterHelp of(Class<? extends FlowSpec> flowClass) {
    var fields = new FlowFields(flowClass);
    try {
      return new ParameterHelp(fields, fields.newInstance());
    } catch (IllegalStateException e) {
      return new ParameterHelp(fields, null);
    }
  }

  /** {@code " One of: A, B. Default: X."}, or the parts known, or {@code ""}. */
  String describe(String fieldName) {
    if (fields == null) {
      return "";
    }
    var field = fields.field(fieldName);
    if (field.isEmpty()) {
      return "";
    }
    var text = new StringBuilder();
    Class<?> type = field.get().getType();
    if (type.isEnum()) {
      text.append(" One of: ")
          .append(
              Arrays.stream(type.getEnumConstants())
                  .map(c -> ((Enum<?>) c).name())
                  .collect(Collectors.joining(", ")))
          .append('.');
    }
    Object value = flow == null ? null : fields.get(flow, fieldName);
    if (value != null) {
      String shown = shown(value);
      shown = shown.isEmpty() ? "\"\"" : shown;
      if (shown.length() > MAX_DEFAULT) {
        shown = shown.substring(0, MAX_DEFAULT) + "...";
      }
      text.append(" Default: ").append(shown).append('.');
    }
    return text.toString();
  }

  private static String shown(Object value) {
    if (value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Enum<?>) {
      return value instanceof Enum<?> e ? e.name() : String.valueOf(value);
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
