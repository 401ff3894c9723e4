package dev.flowline.graph;

import dev.flowline.FlowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * Which artifact fields a step's code reads and writes, found in its bytecode (the step method, the
 * flow's own methods it calls and the lambdas it creates), so a task loads only the artifacts its
 * step reads and passes the others on by reference. When the flow object itself may escape to code
 * outside the flow class (passed as an argument, stored, returned), the answer is unknown and every
 * artifact is loaded.
 */
public final class FieldUsage {
  /**
   * The fields read and written by a step (on the flow object or on join inputs alike), and whether
   * it calls {@code mergeArtifacts}.
   */
  public record Usage(Set<String> read, Set<String> written, boolean merges) {}

  private static final String STEP = "Ldev/flowline/Step;";
  private static final String LAMBDA_FACTORY = "java/lang/invoke/LambdaMetafactory";

  private final Map<String, ClassNode> hierarchy = new HashMap<>();
  private final List<String> order;

  private FieldUsage(List<String> order) {
    this.order = order;
  }

  /** The usage of step {@code step} of {@code flowClass}, or empty when it cannot be known. */
  public static Optional<Usage> of(Class<? extends FlowSpec> flowClass, String step) {
    try {
      var names = new java.util.ArrayList<String>();
      for (Class<?> c = flowClass; c != null && c != FlowSpec.class; c = c.getSuperclass()) {
        names.add(Type.getInternalName(c));
      }
      var usage = new FieldUsage(names);
      ClassLoader loader = flowClass.getClassLoader();
      for (String name : names) {
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
          if (in == null) {
            return Optional.empty();
          }
          var node = new ClassNode();
          new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
          usage.hierarchy.put(name, node);
        }
      }
      return usage.analyze(step);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The usage of step {@code step} of the flow whose class and superclasses up to FlowSpec are
   * {@code chain} (most derived first), or empty when it cannot be known.
   */
  static Optional<Usage> of(List<ClassNode> chain, String step) {
    var usage = new FieldUsage(chain.stream().map(c -> c.name).toList());
    chain.forEach(c -> usage.hierarchy.put(c.name, c));
    try {
      return usage.analyze(step);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<Usage> analyze(String step) {
    var read = new HashSet<String>();
    var written = new HashSet<String>();
    boolean merges = false;
    var queue = new ArrayDeque<MethodRef>();
    var seen = new HashSet<MethodRef>();
    for (String owner : order) {
      for (MethodNode m : hierarchy.get(owner).methods) {
        if (m.name.equals(step) && isStep(m)) {
          queue.add(new MethodRef(owner, m));
          break;
        }
      }
      if (!queue.isEmpty()) {
        break;
      }
    }
    if (queue.isEmpty()) {
      return Optional.empty();
    }
    while (!queue.isEmpty()) {
      MethodRef ref = queue.poll();
      if (!seen.add(ref)) {
        continue;
      }
      var interpreter = new Escapes();
      try {
        new Analyzer<>(interpreter).analyze(ref.owner(), ref.method());
      } catch (AnalyzerException e) {
        return Optional.empty();
      }
      if (interpreter.escaped) {
        return Optional.empty();
      }
      for (AbstractInsnNode insn : ref.method().instructions) {
        if (insn instanceof FieldInsnNode f && hierarchy.containsKey(f.owner)) {
          if (f.getOpcode() == Opcodes.GETFIELD) {
            read.add(f.name);
          } else if (f.getOpcode() == Opcodes.PUTFIELD) {
            written.add(f.name);
          }
        } else if (insn instanceof MethodInsnNode m && m.name.startsWith("mergeArtifacts")) {
          merges = true;
        } else if (insn instanceof MethodInsnNode m && hierarchy.containsKey(m.owner)) {
          resolve(m.getOpcode() == Opcodes.INVOKEVIRTUAL ? order.get(0) : m.owner, m.name, m.desc)
              .ifPresent(queue::add);
        } else if (insn instanceof InvokeDynamicInsnNode indy
            && indy.bsm.getOwner().equals(LAMBDA_FACTORY)
            && indy.bsmArgs.length > 1
            && indy.bsmArgs[1] instanceof Handle h
            && hierarchy.containsKey(h.getOwner())) {
          resolve(h.getOwner(), h.getName(), h.getDesc())
              .filter(r -> !isStep(r.method()))
              .ifPresent(queue::add);
        }
      }
    }
    return Optional.of(new Usage(Set.copyOf(read), Set.copyOf(written), merges));
  }

  private Optional<MethodRef> resolve(String from, String name, String desc) {
    int start = order.indexOf(from);
    for (int i = Math.max(0, start); i < order.size(); i++) {
      for (MethodNode m : hierarchy.get(order.get(i)).methods) {
        if (m.name.equals(name) && m.desc.equals(desc)) {
          return (m.access & Opcodes.ACC_ABSTRACT) != 0
              ? Optional.empty()
              : Optional.of(new MethodRef(order.get(i), m));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isStep(MethodNode m) {
    List<AnnotationNode> annotations = m.visibleAnnotations;
    return annotations != null && annotations.stream().anyMatch(a -> a.desc.equals(STEP));
  }

  private record MethodRef(String owner, MethodNode method) {}

  /** A reference that is (or may be) the flow object itself. */
  private static final class ThisValue extends BasicValue {
    ThisValue() {
      super(Type.getObjectType("java/lang/Object"));
    }

    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /**
   * Tracks where {@code this} goes; flags any use other than field access, own calls and own
   * lambdas.
   */
  private final class Escapes extends BasicInterpreter {
    private final ThisValue self = new ThisValue();
    private final ThisValue maybeSelf = new ThisValue();
    boolean escaped;

    Escapes() {
      super(ASM9);
    }

    private boolean isThis(BasicValue v) {
      return v == self || v == maybeSelf;
    }

    @Override
    public BasicValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
      return isInstanceMethod && local == 0
          ? self
          : super.newParameterValue(isInstanceMethod, local, type);
    }

    @Override
    public BasicValue unaryOperation(AbstractInsnNode insn, BasicValue value)
        throws AnalyzerException {
      if (insn.getOpcode() == CHECKCAST && isThis(value)) {
        return value;
      }
      if (insn.getOpcode() == PUTSTATIC && isThis(value)) {
        escaped = true;
      }
      return super.unaryOperation(insn, value);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue v1, BasicValue v2)
        throws AnalyzerException {
      if (insn.getOpcode() == PUTFIELD && isThis(v2)) {
        escaped = true;
      }
      return super.binaryOperation(insn, v1, v2);
    }

    @Override
    public BasicValue ternaryOperation(
        AbstractInsnNode insn, BasicValue v1, BasicValue v2, BasicValue v3)
        throws AnalyzerException {
      if (isThis(v3)) {
        escaped = true;
      }
      return super.ternaryOperation(insn, v1, v2, v3);
    }

    @Override
    public BasicValue naryOperation(AbstractInsnNode insn, List<? extends BasicValue> values)
        throws AnalyzerException {
      if (insn instanceof MethodInsnNode m) {
        int first = m.getOpcode() == INVOKESTATIC ? 0 : 1;
        for (int i = first; i < values.size(); i++) {
          if (isThis(values.get(i))) {
            escaped = true;
          }
        }
      } else if (insn instanceof InvokeDynamicInsnNode indy) {
        boolean ownLambda =
            indy.bsm.getOwner().equals(LAMBDA_FACTORY)
                && indy.bsmArgs.length > 1
                && indy.bsmArgs[1] instanceof Handle h
                && hierarchy.containsKey(h.getOwner());
        if (!ownLambda && values.stream().anyMatch(this::isThis)) {
          escaped = true;
        }
      } else if (values.stream().anyMatch(this::isThis)) {
        escaped = true;
      }
      return super.naryOperation(insn, values);
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, BasicValue value, BasicValue expected)
        throws AnalyzerException {
      if (isThis(value)) {
        escaped = true;
      }
      super.returnOperation(insn, value, expected);
    }

    @Override
    public BasicValue merge(BasicValue v, BasicValue w) {
      if (v == w) {
        return v;
      }
      if (isThis(v) || isThis(w)) {
        return maybeSelf;
      }
      return super.merge(v, w);
    }
  }
}
