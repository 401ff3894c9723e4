package dev.flowline.runtime;

import dev.flowline.datastore.serde.Serializers;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Map;

/**
 * Checks before a run that its artifacts can be stored: every parameter value, and every artifact
 * field whose declared type can never be serialized (a concrete class that is not {@link
 * Serializable}). Catching these up front means a bad flow writes nothing to the datastore.
 */
public final class ArtifactCheck {
  private ArtifactCheck() {}

  /**
   * Every problem with the flow's fields and parameter values, reported at once.
   *
   * @param parameterValues parameter values by field name
   * @throws InvalidRunException listing each field, its type and the fix
   */
  public static void check(FlowFields fields, Map<String, Object> parameterValues) {
    var problems = new ArrayList<String>();
    var serializers = Serializers.defaults();
    for (String name : fields.names()) {
      Field f = fields.field(name).orElseThrow();
      if (!canHold(f.getType())) {
        problems.add(
            "field "
                + fields.flowClass().getSimpleName()
                + "."
                + name
                + " has type "
                + f.getType().getName()
                + ", which cannot be stored as an artifact (it is not java.io.Serializable). Make the type"
                + " Serializable, or mark the field transient if it need not be saved.");
      }
    }
    parameterValues.forEach(
        (name, value) -> {
          if (value != null && serializers.forValue(value).isEmpty()) {
            problems.add(
                "parameter field "
                    + name
                    + " holds a "
                    + value.getClass().getName()
                    + ", which cannot be stored as an artifact. Make the type Serializable.");
          }
        });
    if (!problems.isEmpty()) {
      problems.add("Nothing was run.");
      throw new InvalidRunException(String.join("\n", problems));
    }
  }

  private static boolean canHold(Class<?> type) {
    if (type.isPrimitive() || type.isArray() || type.isInterface() || type == Object.class) {
      return true;
    }
    if (Modifier.isAbstract(type.getModifiers()) && !Modifier.isFinal(type.getModifiers())) {
      return true;
    }
    return Serializable.class.isAssignableFrom(type);
  }
}
