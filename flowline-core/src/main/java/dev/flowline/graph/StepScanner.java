package dev.flowline.graph;

import dev.flowline.internal.DesugaredReferences;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Reads one step method: its kind (join or not, from the signature), its line, and its transition,
 * i.e. the {@code next}/{@code foreach} call with the method references passed to it. Problems that
 * only the bytecode shows (lambdas, several calls, a path without a call, a non-constant foreach
 * field, a wrong signature) are reported here; the signature rule is {@link StepSignature}, the
 * reading of stack values {@link StackValues}.
 */
final class StepScanner {
  private static final String STEP_REF = "Ldev/flowline/StepRef;";
  private static final String NEXT_DESC = "(" + STEP_REF + "[" + STEP_REF + ")V";
  private static final String JOIN_DESC = "(Ldev/flowline/JoinRef;)V";
  private static final String GANG_DESC = "(" + STEP_REF + "Ldev/flowline/Gang;)V";
  private static final String FOREACH_DESC = "(Ljava/lang/String;" + STEP_REF + ")V";
  private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";

  /** What was read from one step method. */
  record ScannedStep(
      String name,
      boolean join,
      int line,
      int transitionLine,
      List<String> next,
      Optional<String> foreachField,
      int numParallel,
      List<GraphProblem> problems) {}

  private final String ownerName;
  private final Set<String> hierarchy;
  private final ClassFiles classes;

  /**
   * @param ownerName internal name of the class that declares the methods scanned
   * @param hierarchy internal names of the flow class and its superclasses
   * @param classes where to find the synthetic methods of desugared method references
   */
  StepScanner(String ownerName, Set<String> hierarchy, ClassFiles classes) {
    this.ownerName = ownerName;
    this.hierarchy = hierarchy;
    this.classes = classes;
  }

  ScannedStep scan(MethodNode method) {
    var problems = new ArrayList<GraphProblem>();
    String name = method.name;
    int line = firstLine(method.instructions);
    boolean join = StepSignature.check(method, line, problems);
    if ((method.access & Opcodes.ACC_ABSTRACT) != 0 || method.instructions.size() == 0) {
      return new ScannedStep(name, join, line, 0, List.of(), Optional.empty(), 0, problems);
    }
    var calls = new ArrayList<MethodInsnNode>();
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof MethodInsnNode call && isTransition(call)) {
        calls.add(call);
      }
    }
    if (calls.isEmpty()) {
      return new ScannedStep(name, join, line, 0, List.of(), Optional.empty(), 0, problems);
    }
    var edges = new HashMap<Integer, List<Integer>>();
    Frame<SourceValue>[] frames = analyze(method, edges);
    MethodInsnNode call = calls.get(0);
    int transitionLine = lineOf(call);
    // javac copies a finally block onto every exit path: copies of one call share its source line
    var sourceLines = calls.stream().map(StepScanner::lineOf).distinct().toList();
    if (sourceLines.size() > 1) {
      String lines = sourceLines.stream().map(String::valueOf).collect(Collectors.joining(", "));
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': it calls next()/foreach() "
                  + sourceLines.size()
                  + " times (lines "
                  + lines
                  + "), but a step makes exactly one transition (conditional transitions are not supported"
                  + " yet)",
              "call next() or foreach() once, as the last statement of the step, with the same targets on"
                  + " every path",
              transitionLine));
    } else if (!sameTargets(method, calls, frames)) {
      // on one source line: not copies of a finally block, but different transitions
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': it calls next()/foreach() with different targets on different paths (line "
                  + transitionLine
                  + ": "
                  + calls.stream()
                      .map(c -> describeTargets(method, c, frames))
                      .distinct()
                      .collect(Collectors.joining(", "))
                  + "), but a step makes exactly one transition (conditional transitions are not"
                  + " supported yet)",
              "call next() or foreach() once, as the last statement of the step, with the same targets"
                  + " on every path",
              transitionLine));
    } else {
      checkEveryPath(method, calls, edges, name, transitionLine, problems);
    }
    var next = new ArrayList<String>();
    Optional<String> foreachField = Optional.empty();
    int numParallel = 0;
    Frame<SourceValue> frame = frames == null ? null : frames[method.instructions.indexOf(call)];
    if (frame != null) {
      int top = frame.getStackSize() - 1;
      String kind = call.name + call.desc;
      if (kind.equals("next" + NEXT_DESC)) {
        reference(frame.getStack(top - 1), name, transitionLine, problems).ifPresent(next::add);
        for (SourceValue element : StackValues.arrayElements(method, frames, frame.getStack(top))) {
          reference(element, name, transitionLine, problems).ifPresent(next::add);
        }
      } else if (kind.equals("next" + JOIN_DESC)) {
        reference(frame.getStack(top), name, transitionLine, problems).ifPresent(next::add);
      } else if (kind.equals("next" + GANG_DESC)) {
        reference(frame.getStack(top - 1), name, transitionLine, problems).ifPresent(next::add);
        numParallel = gangSize(method, frames, frame.getStack(top), name, transitionLine, problems);
      } else {
        foreachField = StackValues.constantString(frame.getStack(top - 1));
        if (foreachField.isEmpty()) {
          problems.add(
              new GraphProblem(
                  name,
                  "step '"
                      + name
                      + "': the field name given to foreach() is not a string constant, so the"
                      + " graph cannot be read without running the step",
                  "write the field name as a literal, e.g. foreach(\"items\", this::" + "body)",
                  transitionLine));
          foreachField = Optional.of("?");
        }
        reference(frame.getStack(top), name, transitionLine, problems).ifPresent(next::add);
      }
    }
    return new ScannedStep(
        name, join, line, transitionLine, next, foreachField, numParallel, problems);
  }

  /**
   * The gang size passed to {@code parallel(n)} at {@code value}: an int constant, else a problem
   * (and -1, so the step still reads as a gang start).
   */
  private int gangSize(
      MethodNode method,
      Frame<SourceValue>[] frames,
      SourceValue value,
      String step,
      int line,
      List<GraphProblem> problems) {
    var size =
        StackValues.callArgumentInt(method, frames, value, "parallel", "(I)Ldev/flowline/Gang;");
    if (size.isPresent()) {
      return size.getAsInt();
    }
    problems.add(
        new GraphProblem(
            step,
            "step '"
                + step
                + "': the gang size given to next(..., parallel(n)) is not an int constant, so"
                + " the graph cannot be read without running the step",
            "write the number of nodes as a literal or a static final int constant, e.g."
                + " next(this::train, parallel(4))",
            line));
    return -1;
  }

  private boolean isTransition(MethodInsnNode call) {
    if (!hierarchy.contains(call.owner) && !call.owner.equals("dev/flowline/FlowSpec")) {
      return false;
    }
    return (call.name.equals("next")
            && (call.desc.equals(NEXT_DESC) || call.desc.equals(JOIN_DESC)))
        || (call.name.equals("next") && call.desc.equals(GANG_DESC))
        || (call.name.equals("foreach") && call.desc.equals(FOREACH_DESC));
  }

  /** The step named by a {@code this::name} method reference at {@code value}, or a problem. */
  /** Whether every call (copies of one call on one line) passes the same targets. */
  private boolean sameTargets(
      MethodNode method, List<MethodInsnNode> calls, Frame<SourceValue>[] frames) {
    return frames == null
        || calls.stream().map(c -> describeTargets(method, c, frames)).distinct().count() <= 1;
  }

  /** The transition {@code call} makes, as source text (e.g. {@code next(this::a)}). */
  private String describeTargets(
      MethodNode method, MethodInsnNode call, Frame<SourceValue>[] frames) {
    Frame<SourceValue> frame = frames[method.instructions.indexOf(call)];
    if (frame == null) {
      return call.name + "(?)";
    }
    var ignored = new ArrayList<GraphProblem>();
    int top = frame.getStackSize() - 1;
    var targets = new ArrayList<String>();
    String kind = call.name + call.desc;
    if (kind.equals("next" + NEXT_DESC)) {
      reference(frame.getStack(top - 1), "", 0, ignored).ifPresent(targets::add);
      for (SourceValue element : StackValues.arrayElements(method, frames, frame.getStack(top))) {
        reference(element, "", 0, ignored).ifPresent(targets::add);
      }
    } else if (kind.equals("next" + GANG_DESC)) {
      reference(frame.getStack(top - 1), "", 0, ignored).ifPresent(targets::add);
    } else {
      reference(frame.getStack(top), "", 0, ignored).ifPresent(targets::add);
    }
    String refs = String.join(", ", targets.stream().map(t -> "this::" + t).toList());
    return kind.startsWith("foreach")
        ? "foreach(\""
            + StackValues.constantString(frame.getStack(top - 1)).orElse("?")
            + "\", "
            + refs
            + ")"
        : "next(" + refs + ")";
  }

  private Optional<String> reference(
      SourceValue value, String step, int line, List<GraphProblem> problems) {
    if (value.insns.size() != 1) {
      problems.add(
          new GraphProblem(
              step,
              "step '"
                  + step
                  + "': the target of next()/foreach() depends on a condition (conditional"
                  + " transitions are not supported yet)",
              "pass one method reference such as this::a directly to next()",
              line));
      return Optional.empty();
    }
    AbstractInsnNode insn = value.insns.iterator().next();
    if (!(insn instanceof InvokeDynamicInsnNode indy)
        || !indy.bsm.getOwner().equals(METAFACTORY)
        || indy.bsmArgs.length < 2
        || !(indy.bsmArgs[1] instanceof Handle impl)) {
      problems.add(
          new GraphProblem(
              step,
              "step '"
                  + step
                  + "': next()/foreach() is given a value computed in the step ("
                  + describeInsn(insn)
                  + "), not a method reference, so the graph cannot be read without"
                  + " running the step",
              "pass the method reference directly, e.g. next(this::a)",
              line));
      return Optional.empty();
    }
    if (impl.getName().startsWith("lambda$")) {
      Optional<String> delegate = desugared(impl);
      if (delegate.isPresent()) {
        return delegate;
      }
      problems.add(
          new GraphProblem(
              step,
              "step '" + step + "': next()/foreach() is given a lambda, which does not name a step",
              "replace the lambda with a method reference to a @Step method, e.g. next(this::a)",
              line));
      return Optional.empty();
    }
    if (!hierarchy.contains(impl.getOwner()) || impl.getTag() == Opcodes.H_INVOKESTATIC) {
      problems.add(
          new GraphProblem(
              step,
              "step '"
                  + step
                  + "': next()/foreach() is given "
                  + impl.getOwner().replace('/', '.')
                  + "::"
                  + impl.getName()
                  + ", which is not a step of this flow",
              "refer to a @Step method of this flow as this::name",
              line));
      return Optional.empty();
    }
    return Optional.of(impl.getName());
  }

  /**
   * The step a synthetic {@code lambda$} method only delegates to (javac's form of some method
   * references).
   */
  private Optional<String> desugared(Handle impl) {
    if (!hierarchy.contains(impl.getOwner())) {
      return Optional.empty();
    }
    return classes.find(impl.getOwner()).stream()
        .flatMap(c -> c.methods.stream())
        .filter(m -> m.name.equals(impl.getName()) && m.desc.equals(impl.getDesc()))
        .findFirst()
        .flatMap(DesugaredReferences::target);
  }

  private static String describeInsn(AbstractInsnNode insn) {
    if (insn instanceof VarInsnNode v) {
      return "local variable " + v.var;
    }
    if (insn instanceof MethodInsnNode m) {
      return "the result of " + m.name + "()";
    }
    return "opcode " + insn.getOpcode();
  }

  /**
   * Reports when a return can be reached from the method entry without passing through one of
   * {@code calls}.
   */
  private static void checkEveryPath(
      MethodNode method,
      List<MethodInsnNode> calls,
      Map<Integer, List<Integer>> edges,
      String name,
      int transitionLine,
      List<GraphProblem> problems) {
    InsnList insns = method.instructions;
    var callIndexes = new HashSet<Integer>();
    calls.forEach(c -> callIndexes.add(insns.indexOf(c)));
    var seen = new HashSet<Integer>();
    var queue = new ArrayDeque<Integer>();
    queue.add(0);
    seen.add(0);
    while (!queue.isEmpty()) {
      int i = queue.poll();
      int opcode = insns.get(i).getOpcode();
      if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        problems.add(
            new GraphProblem(
                name,
                "step '"
                    + name
                    + "': it can return without calling next()/foreach() (at line "
                    + lineOf(insns.get(i))
                    + "), but a step makes its transition on every path"
                    + " (conditional transitions are not supported yet)",
                "make the next()/foreach() call unconditional, as the last statement of the step",
                transitionLine));
        return;
      }
      for (int successor : edges.getOrDefault(i, List.of())) {
        if (!callIndexes.contains(successor) && seen.add(successor)) {
          queue.add(successor);
        }
      }
    }
  }

  private Frame<SourceValue>[] analyze(MethodNode method, Map<Integer, List<Integer>> edges) {
    var analyzer =
        new Analyzer<>(new SourceInterpreter()) {
          @Override
          protected void newControlFlowEdge(int insn, int successor) {
            edges.computeIfAbsent(insn, k -> new ArrayList<>()).add(successor);
          }

          @Override
          protected boolean newControlFlowExceptionEdge(int insn, int successor) {
            edges.computeIfAbsent(insn, k -> new ArrayList<>()).add(successor);
            return true;
          }
        };
    try {
      return analyzer.analyze(ownerName, method);
    } catch (AnalyzerException e) {
      throw new IllegalStateException(
          "cannot analyse the bytecode of "
              + ownerName.replace('/', '.')
              + "."
              + method.name
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static int firstLine(InsnList insns) {
    for (AbstractInsnNode insn : insns) {
      if (insn instanceof LineNumberNode l) {
        return l.line;
      }
    }
    return 0;
  }

  private static int lineOf(AbstractInsnNode insn) {
    for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
      if (i instanceof LineNumberNode l) {
        return l.line;
      }
    }
    return 0;
  }
}
