package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import dev.flowline.internal.FieldAccess;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reflection over a flow class: its artifact fields (non-static, non-transient instance fields, any
 * visibility, including those of abstract superclasses up to {@link FlowSpec}) and a fresh
 * instance.
 */
public final class FlowFields {
  private final Class<? extends FlowSpec> flowClass;
  private final Map<String, Field> fields;
  private final Map<String, Field> assignedFlags;

  /** The artifact fields of {@code flowClass}. */
  public FlowFields(Class<? extends FlowSpec> flowClass) {
    this.flowClass = flowClass;
    var found = new LinkedHashMap<String, Field>();
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = flowClass; c != null && c != FlowSpec.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        int mods = f.getModifiers();
        if (Modifier.isStatic(mods) || Modifier.isTransient(mods) || f.isSynthetic()) {
          continue;
        }
        f.setAccessible(true);
        found.put(f.getName(), f);
      }
    }
    this.fields = found;
    var flags = new LinkedHashMap<String, Field>();
    for (Field f : found.values()) {
      try {
        Field flag = f.getDeclaringClass().getDeclaredField(FieldAccess.assignedFlag(f.getName()));
        flag.setAccessible(true);
        flags.put(f.getName(), flag);
      } catch (NoSuchFieldException e) {
        // declared in a class loaded without tracking: its assignments cannot be seen
      }
    }
    this.assignedFlags = flags;
  }

  /** The flow class. */
  public Class<? extends FlowSpec> flowClass() {
    return flowClass;
  }

  /** Artifact field names, superclass fields first, in declaration order. */
  public List<String> names() {
    return List.copyOf(fields.keySet());
  }

  /** The artifact field named {@code name}. */
  public Optional<Field> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /**
   * A new flow object, built with the class's no-argument constructor (any visibility).
   *
   * @throws IllegalStateException when there is no such constructor or it throws
   */
  public FlowSpec newInstance() {
    try {
      Constructor<? extends FlowSpec> ctor = flowClass.getDeclaredConstructor();
      ctor.setAccessible(true);
      return ctor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          flowClass.getName()
              + " has no constructor without arguments. Add one (or remove all"
              + " constructors).",
          e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "the constructor of "
              + flowClass.getName()
              + " (or a field initializer) threw "
              + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + flowClass.getName() + ": " + e, e);
    }
  }

  /**
   * Whether the assignments of field {@code name} are tracked: its class was loaded by a {@link
   * TaskClassLoader}, which adds the flag that {@link #wasAssigned} reads.
   */
  public boolean isTracked(String name) {
    return assignedFlags.containsKey(name);
  }

  /**
   * Whether the step's code assigned field {@code name} of {@code flow} (false for a field that is
   * not {@link #isTracked tracked}).
   */
  public boolean wasAssigned(FlowSpec flow, String name) {
    Field flag = assignedFlags.get(name);
    try {
      return flag != null && flag.getBoolean(flow);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read the assignment flag of " + name, e);
    }
  }

  /** Records that field {@code name} of {@code flow} was assigned (by the runtime, for @Catch). */
  public void markAssigned(FlowSpec flow, String name) {
    Field flag = assignedFlags.get(name);
    try {
      if (flag != null) {
        flag.setBoolean(flow, true);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set the assignment flag of " + name, e);
    }
  }

  /** The value of artifact {@code name} in {@code flow}. */
  public Object get(FlowSpec flow, String name) {
    try {
      return fields.get(name).get(flow);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "cannot read field " + name + " of " + flowClass.getName(), e);
    }
  }

  /**
   * Sets artifact {@code name} of {@code flow} to {@code value}.
   *
   * @throws IllegalArgumentException when the value does not fit the field's type (names both)
   */
  public void set(FlowSpec flow, String name, Object value) {
    Field f = fields.get(name);
    try {
      if (value == null && f.getType().isPrimitive()) {
        return;
      }
      f.set(flow, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set field " + name + " of " + flowClass.getName(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "artifact '"
              + name
              + "' holds a "
              + value.getClass().getName()
              + " that does not fit field "
              + flowClass.getSimpleName()
              + "."
              + name
              + " of type "
              + f.getType().getName(),
          e);
    }
  }
}
