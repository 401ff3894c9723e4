package dev.flowline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * javac compiles some method references into a synthetic {@code lambda$...} method that only calls
 * the referenced method: {@code this::end} in a subclass, when {@code end} is a protected method of
 * a superclass in another package, becomes {@code lambda$start$1(Flow f) { f.end(); }}. A lambda
 * written as {@code () -> end()} compiles to the same body. This finds the step such a body
 * delegates to, so that both the graph reader and the runtime treat it as the method reference it
 * stands for; a lambda that does anything else names no step.
 */
public final class DesugaredReferences {
  private DesugaredReferences() {}

  /**
   * The method {@code body} only delegates to: its body loads the flow object (and, for a join, the
   * inputs), calls one instance method with them and returns.
   */
  public static Optional<String> target(MethodNode body) {
    List<AbstractInsnNode> code = new ArrayList<>();
    for (AbstractInsnNode insn : body.instructions) {
      if (insn.getOpcode() >= 0) {
        code.add(insn);
      }
    }
    int n = code.size();
    if (n < 3 || n > 4 || code.get(n - 1).getOpcode() != Opcodes.RETURN) {
      return Optional.empty();
    }
    for (int i = 0; i < n - 2; i++) {
      if (!(code.get(i) instanceof VarInsnNode load)
          || load.getOpcode() != Opcodes.ALOAD
          || load.var != i) {
        return Optional.empty();
      }
    }
    if (code.get(n - 2) instanceof MethodInsnNode call
        && (call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKESPECIAL)
        && call.desc.startsWith("(" + (n == 4 ? "L" : ")"))) {
      return Optional.of(call.name);
    }
    return Optional.empty();
  }

  /**
   * The step that the synthetic method {@code implClass.implMethodName} delegates to, reading the
   * class file through {@code loader} (the class is not loaded or initialised).
   *
   * @param implClass the internal name of the class holding the synthetic method ({@code a/b/Flow})
   */
  public static Optional<String> target(
      ClassLoader loader, String implClass, String implMethodName, String implMethodSignature) {
    if (loader == null) {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(implClass + ".class")) {
      if (in == null) {
        return Optional.empty();
      }
      var node = new ClassNode();
      new ClassReader(in.readAllBytes()).accept(node, ClassReader.SKIP_FRAMES);
      return node.methods.stream()
          .filter(m -> m.name.equals(implMethodName) && m.desc.equals(implMethodSignature))
          .findFirst()
          .flatMap(DesugaredReferences::target);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
