package dev.flowline.graph;

import dev.flowline.FlowSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.ParameterModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Reads a flow's static graph from its compiled class with ASM, without running user code: the
 * class (and its superclasses up to {@link FlowSpec}) are read as {@code .class} resources, never
 * loaded or initialised.
 *
 * <p>Steps are the {@code @Step} methods of any visibility, also those inherited from superclasses
 * (a subclass's override replaces the inherited body). A step's transition is its call to {@code
 * next(StepRef, StepRef...)}, {@code next(JoinRef)} or {@code foreach(String, StepRef)}; the
 * targets are the methods named by the {@code this::name} references passed to it, and the foreach
 * field is the string constant before it. A step whose method is {@code void name(Inputs<F>)} is a
 * join. Parameters are the {@code @Parameter} fields; decorators the step annotations whose type
 * carries {@code @StepDecorator}, with only the attributes written at the use site.
 *
 * <p>{@link #read} returns a model only when the flow is valid ({@link GraphLinter} finds nothing)
 * and throws {@link GraphException} with every problem otherwise; {@link #scan} returns the model
 * as read with the problems the bytecode shows, for {@code show} and {@code check}.
 */
public final class GraphReader {
  private static final String STEP = "Ldev/flowline/Step;";
  private static final String PARAMETER = "Ldev/flowline/Parameter;";
  private static final String FLOW_SPEC = Type.getInternalName(FlowSpec.class);

  private final GraphLinter linter;

  /** A reader that checks models with the default {@link GraphLinter}. */
  public GraphReader() {
    this(new GraphLinter());
  }

  /** A reader that checks models with {@code linter}. */
  public GraphReader(GraphLinter linter) {
    this.linter = linter;
  }

  /**
   * The valid model of {@code flowClass}.
   *
   * @throws GraphException with every problem when the flow is not valid
   */
  public FlowModel read(Class<? extends FlowSpec> flowClass) {
    return validated(scan(flowClass));
  }

  /**
   * The valid model of the flow class named {@code className}, read from {@code loader}'s
   * resources.
   *
   * @throws GraphException with every problem when the class is missing or the flow is not valid
   */
  public FlowModel read(String className, ClassLoader loader) {
    return validated(scan(className, loader));
  }

  /**
   * The valid model of the flow class in {@code classBytes}; its superclasses and annotation types
   * are read from {@code loader}'s resources.
   *
   * @throws GraphException with every problem when the flow is not valid
   */
  public FlowModel read(byte[] classBytes, ClassLoader loader) {
    return validated(scan(classBytes, loader));
  }

  /** The model of {@code flowClass} as read, with the problems the bytecode shows (not linted). */
  public GraphRead scan(Class<? extends FlowSpec> flowClass) {
    ClassLoader loader = flowClass.getClassLoader();
    return scan(flowClass.getName(), loader != null ? loader : ClassLoader.getSystemClassLoader());
  }

  /**
   * The model of the class named {@code className} as read from {@code loader}'s resources.
   *
   * @throws GraphException when there is no such class file
   */
  public GraphRead scan(String className, ClassLoader loader) {
    var classes = new ClassFiles(loader);
    String internalName = className.replace('.', '/');
    ClassNode node =
        classes
            .find(internalName)
            .orElseThrow(
                () ->
                    new GraphException(
                        simpleName(className),
                        List.of(
                            new GraphProblem(
                                "",
                                "flow class "
                                    + className
                                    + ": no "
                                    + internalName
                                    + ".class on the class path",
                                "check the class name (fully qualified, e.g. com.example.HelloFlow) and that"
                                    + " its module is on the class path",
                                0))));
    return scan(node, classes);
  }

  /** The model of the class in {@code classBytes} as read, superclasses from {@code loader}. */
  public GraphRead scan(byte[] classBytes, ClassLoader loader) {
    var classes = new ClassFiles(loader);
    return scan(classes.parse(classBytes), classes);
  }

  private FlowModel validated(GraphRead read) {
    linter.lint(read).throwIfProblems();
    return read.model();
  }

  private GraphRead scan(ClassNode flow, ClassFiles classes) {
    String className = flow.name.replace('/', '.');
    String flowName = simpleName(className);
    var problems = new ArrayList<GraphProblem>();
    List<ClassNode> chain = hierarchy(flow, classes, problems);
    Set<String> hierarchy = new HashSet<>();
    chain.forEach(c -> hierarchy.add(c.name));
    var decorators = new DecoratorScanner(classes);
    var facts = new ArrayList<GraphShape.StepFacts>();
    var names = new LinkedHashMap<String, String>();
    for (StepMethod step : stepMethods(chain)) {
      var scanned = new StepScanner(step.owner().name, hierarchy, classes).scan(step.method());
      problems.addAll(scanned.problems());
      String previous = names.putIfAbsent(scanned.name(), step.method().desc);
      if (previous != null) {
        problems.add(
            new GraphProblem(
                scanned.name(),
                "step '" + scanned.name() + "': two @Step methods have this name",
                "give each step method its own name",
                scanned.line()));
        continue;
      }
      facts.add(
          new GraphShape.StepFacts(
              scanned.name(),
              scanned.join(),
              scanned.next(),
              scanned.foreachField(),
              decorators.decorators(step.method()),
              scanned.line(),
              scanned.transitionLine(),
              scanned.numParallel()));
    }
    boolean graphComplete = problems.isEmpty();
    var parameters = parameters(chain, problems);
    var model = new FlowModel(flowName, className, GraphShape.build(facts), parameters);
    if (graphComplete) {
      new ArtifactRules(model, chain, classes).check(problems);
    }
    return new GraphRead(model, problems, graphComplete);
  }

  /** A step method and the class that declares it. */
  private record StepMethod(ClassNode owner, MethodNode method) {}

  /** The most derived definition of every method that is annotated @Step somewhere in the chain. */
  private static List<StepMethod> stepMethods(List<ClassNode> chain) {
    var byKey = new LinkedHashMap<String, StepMethod>();
    var annotated = new HashSet<String>();
    for (ClassNode c : chain) {
      for (MethodNode m : nullSafe(c.methods)) {
        if ((m.access & Opcodes.ACC_SYNTHETIC) != 0 || m.name.startsWith("<")) {
          continue;
        }
        String key = m.name + m.desc;
        byKey.putIfAbsent(key, new StepMethod(c, m));
        if (hasAnnotation(m.visibleAnnotations, STEP)) {
          annotated.add(key);
        }
      }
    }
    return byKey.entrySet().stream()
        .filter(e -> annotated.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  /** The flow class and its superclasses up to (not including) FlowSpec, most derived first. */
  private static List<ClassNode> hierarchy(
      ClassNode flow, ClassFiles classes, List<GraphProblem> problems) {
    var chain = new ArrayList<ClassNode>();
    ClassNode current = flow;
    while (true) {
      chain.add(current);
      String superName = current.superName;
      if (superName == null || superName.equals("java/lang/Object")) {
        problems.add(
            new GraphProblem(
                "",
                "flow class "
                    + flow.name.replace('/', '.')
                    + " does not extend dev.flowline.FlowSpec",
                "declare it as 'public class "
                    + simpleName(flow.name.replace('/', '.'))
                    + " extends FlowSpec'",
                0));
        return chain;
      }
      if (superName.equals(FLOW_SPEC)) {
        return chain;
      }
      Optional<ClassNode> parent = classes.find(superName);
      if (parent.isEmpty()) {
        problems.add(
            new GraphProblem(
                "",
                "flow class "
                    + flow.name.replace('/', '.')
                    + ": its superclass "
                    + superName.replace('/', '.')
                    + " has no class file on the class path",
                "put the superclass's module on the class path",
                0));
        return chain;
      }
      current = parent.get();
    }
  }

  private static List<ParameterModel> parameters(
      List<ClassNode> chain, List<GraphProblem> problems) {
    var parameters = new ArrayList<ParameterModel>();
    var fromBase = new ArrayList<>(chain);
    Collections.reverse(fromBase);
    var seenFields = new LinkedHashSet<String>();
    for (ClassNode c : fromBase) {
      for (FieldNode f : nullSafe(c.fields)) {
        Optional<AnnotationNode> annotation =
            nullSafe(f.visibleAnnotations).stream()
                .filter(a -> a.desc.equals(PARAMETER))
                .findFirst();
        if (annotation.isEmpty() || !seenFields.add(f.name)) {
          continue;
        }
        if ((f.access & (Opcodes.ACC_STATIC | Opcodes.ACC_TRANSIENT)) != 0) {
          problems.add(
              new GraphProblem(
                  "",
                  "parameter field '"
                      + f.name
                      + "' is static or transient, but a parameter is an artifact",
                  "make '" + f.name + "' an instance field without 'static' and 'transient'",
                  0));
        }
        Map<String, Object> values = DecoratorScanner.values(annotation.get());
        String name = (String) values.getOrDefault("name", "");
        parameters.add(
            new ParameterModel(
                name.isEmpty() ? f.name : name,
                f.name,
                Type.getType(f.desc).getClassName(),
                (String) values.getOrDefault("help", ""),
                (Boolean) values.getOrDefault("required", Boolean.FALSE)));
      }
    }
    return parameters;
  }

  private static boolean hasAnnotation(List<AnnotationNode> annotations, String descriptor) {
    return nullSafe(annotations).stream().anyMatch(a -> a.desc.equals(descriptor));
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String simpleName(String className) {
    String afterPackage = className.substring(className.lastIndexOf('.') + 1);
    return afterPackage.substring(afterPackage.lastIndexOf('$') + 1);
  }
}
