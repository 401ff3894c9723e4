package dev.flowline.graph;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * The signature rule of a step method: an instance method {@code void name()}, or {@code void
 * name(Inputs<F> inputs)} for a join.
 */
final class StepSignature {
  private static final String INPUTS = "Ldev/flowline/Inputs;";

  private StepSignature() {}

  /**
   * Checks {@code void name()} or {@code void name(Inputs<F>)}, adding a problem (at {@code line})
   * for any other form; returns whether the step is a join.
   */
  static boolean check(MethodNode method, int line, List<GraphProblem> problems) {
    String name = method.name;
    Type[] args = Type.getArgumentTypes(method.desc);
    Type result = Type.getReturnType(method.desc);
    boolean takesInputs = Arrays.stream(args).anyMatch(t -> t.getDescriptor().equals(INPUTS));
    boolean join = args.length == 1 && takesInputs;
    if ((method.access & Opcodes.ACC_STATIC) != 0) {
      problems.add(
          new GraphProblem(
              name,
              "step '" + name + "': the method is static, but a step runs on the flow object",
              "remove 'static' from " + name + "()",
              line));
    }
    if (takesInputs && (args.length > 1 || result.getSort() != Type.VOID)) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': a join step is declared as void "
                  + name
                  + "(Inputs<F> inputs), but it is "
                  + describe(result, args),
              "declare it as void " + name + "(Inputs<F> inputs), with no other parameter",
              line));
    } else if (args.length > 0 && !takesInputs) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': a step takes no parameter (or one Inputs<F> parameter for a join), but it is "
                  + describe(result, args),
              "declare it as void "
                  + name
                  + "(), or void "
                  + name
                  + "(Inputs<F> inputs) for a join",
              line));
    } else if (result.getSort() != Type.VOID) {
      problems.add(
          new GraphProblem(
              name,
              "step '" + name + "': a step returns nothing, but it is " + describe(result, args),
              "declare it as void " + name + "()",
              line));
    }
    return join;
  }

  private static String describe(Type result, Type[] args) {
    String params =
        Arrays.stream(args)
            .map(t -> simpleName(t.getClassName()))
            .collect(Collectors.joining(", "));
    return simpleName(result.getClassName()) + " (" + params + ")";
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
