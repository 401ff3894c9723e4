package dev.flowline.graph;

import dev.flowline.model.DecoratorSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Turns the annotations of a step method whose type carries {@code @StepDecorator} into {@link
 * DecoratorSpec}s holding only the attributes written at the use site. Values become String,
 * Number, Boolean, List, or Map (a nested annotation); enum constants and class literals become
 * their names.
 */
final class DecoratorScanner {
  private static final String STEP_DECORATOR = "Ldev/flowline/StepDecorator;";

  private final ClassFiles classes;
  private final Map<String, Optional<String>> namesByDescriptor = new HashMap<>();

  DecoratorScanner(ClassFiles classes) {
    this.classes = classes;
  }

  List<DecoratorSpec> decorators(MethodNode method) {
    var specs = new ArrayList<DecoratorSpec>();
    for (List<AnnotationNode> list :
        List.of(nullSafe(method.visibleAnnotations), nullSafe(method.invisibleAnnotations))) {
      for (AnnotationNode annotation : list) {
        decoratorName(annotation.desc)
            .ifPresent(
                name ->
                    specs.add(
                        new DecoratorSpec(
                            name, values(annotation), DecoratorSpec.Origin.ANNOTATION)));
      }
    }
    return specs;
  }

  private Optional<String> decoratorName(String descriptor) {
    return namesByDescriptor.computeIfAbsent(
        descriptor,
        d ->
            classes
                .find(Type.getType(d).getInternalName())
                .flatMap(
                    node ->
                        nullSafe(node.visibleAnnotations).stream()
                            .filter(a -> a.desc.equals(STEP_DECORATOR))
                            .findFirst())
                .map(a -> (String) values(a).get("name")));
  }

  static Map<String, Object> values(AnnotationNode annotation) {
    var values = new LinkedHashMap<String, Object>();
    if (annotation.values != null) {
      for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
        values.put((String) annotation.values.get(i), convert(annotation.values.get(i + 1)));
      }
    }
    return Collections.unmodifiableMap(values);
  }

  private static Object convert(Object value) {
    if (value instanceof Character c) {
      return String.valueOf(c);
    }
    if (value instanceof Type t) {
      return t.getClassName();
    }
    if (value instanceof String[] enumConstant) {
      return enumConstant[1];
    }
    if (value instanceof AnnotationNode nested) {
      return values(nested);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(DecoratorScanner::convert).toList();
    }
    return value;
  }

  static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
