package dev.flowline.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Follows operand-stack values of an analysed method back to the instructions that made them: the
 * elements stored into a new array, a value copied by {@code DUP}, a string constant.
 */
final class StackValues {
  private StackValues() {}

  /** The values stored into the array created at {@code array}, in instruction order. */
  static List<SourceValue> arrayElements(
      MethodNode method, Frame<SourceValue>[] frames, SourceValue arrayValue) {
    SourceValue array = throughDup(method, frames, arrayValue);
    if (array.insns.size() != 1
        || !(array.insns.iterator().next() instanceof TypeInsnNode creation)
        || creation.getOpcode() != Opcodes.ANEWARRAY) {
      return List.of();
    }
    var elements = new ArrayList<SourceValue>();
    for (AbstractInsnNode insn : method.instructions) {
      if (insn.getOpcode() != Opcodes.AASTORE) {
        continue;
      }
      Frame<SourceValue> frame = frames[method.instructions.indexOf(insn)];
      if (frame == null) {
        continue;
      }
      int top = frame.getStackSize() - 1;
      SourceValue target = throughDup(method, frames, frame.getStack(top - 2));
      if (target.insns.size() == 1 && target.insns.contains(creation)) {
        elements.add(frame.getStack(top));
      }
    }
    return elements;
  }

  /** The value a DUP copied, followed back to the instruction that produced it. */
  private static SourceValue throughDup(
      MethodNode method, Frame<SourceValue>[] frames, SourceValue value) {
    SourceValue current = value;
    while (current.insns.size() == 1
        && current.insns.iterator().next().getOpcode() == Opcodes.DUP) {
      Frame<SourceValue> frame =
          frames[method.instructions.indexOf(current.insns.iterator().next())];
      if (frame == null) {
        return current;
      }
      current = frame.getStack(frame.getStackSize() - 1);
    }
    return current;
  }

  /**
   * The int constant passed to the one-argument call {@code name desc} whose result is {@code
   * value}, e.g. the {@code 4} of {@code parallel(4)}.
   */
  static OptionalInt callArgumentInt(
      MethodNode method, Frame<SourceValue>[] frames, SourceValue value, String name, String desc) {
    SourceValue result = throughDup(method, frames, value);
    if (result.insns.size() != 1
        || !(result.insns.iterator().next() instanceof MethodInsnNode call)
        || !call.name.equals(name)
        || !call.desc.equals(desc)) {
      return OptionalInt.empty();
    }
    Frame<SourceValue> frame = frames[method.instructions.indexOf(call)];
    if (frame == null) {
      return OptionalInt.empty();
    }
    return constantInt(frame.getStack(frame.getStackSize() - 1));
  }

  /**
   * The int of a constant instruction ({@code iconst}, {@code bipush}, {@code sipush}, {@code
   * ldc}).
   */
  static OptionalInt constantInt(SourceValue value) {
    if (value.insns.size() != 1) {
      return OptionalInt.empty();
    }
    AbstractInsnNode insn = value.insns.iterator().next();
    int op = insn.getOpcode();
    if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
      return OptionalInt.of(op - Opcodes.ICONST_0);
    }
    if (insn instanceof IntInsnNode i && (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH)) {
      return OptionalInt.of(i.operand);
    }
    if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Integer n) {
      return OptionalInt.of(n);
    }
    return OptionalInt.empty();
  }

  /** The string of an {@code ldc} constant at {@code value}, if that is where it comes from. */
  static Optional<String> constantString(SourceValue value) {
    if (value.insns.size() == 1
        && value.insns.iterator().next() instanceof LdcInsnNode ldc
        && ldc.cst instanceof String s) {
      return Optional.of(s);
    }
    return Optional.empty();
  }
}
