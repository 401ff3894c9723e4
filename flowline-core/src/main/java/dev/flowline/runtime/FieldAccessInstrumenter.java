package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import dev.flowline.internal.FieldAccess;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a user class so that every read and assignment of a flow object's field (a field of a
 * class that extends {@link FlowSpec}), outside constructors, first calls {@link FieldAccess}. The
 * runtime then knows for certain which artifacts a step assigned, whatever its control flow, helper
 * methods, lambdas or inner classes, and can stop a read of an artifact that did not reach the
 * step. Flow classes also get the static marker field {@link FieldAccess#MARKER}.
 *
 * <p>The added code only duplicates operands already on the stack; it adds no branches and no
 * locals, so the class's stack map frames stay valid and only the maximum stack size is recomputed.
 * Classes that touch no flow field are returned unchanged.
 */
final class FieldAccessInstrumenter {
  private static final String FLOW_SPEC = Type.getInternalName(FlowSpec.class);
  private static final String HOOKS = Type.getInternalName(FieldAccess.class);
  private static final String HOOK_DESC = "(Ljava/lang/Object;Ljava/lang/String;)V";

  private final Function<String, byte[]> classBytes;
  private final Map<String, Boolean> flowClasses = new ConcurrentHashMap<>();

  /**
   * An instrumenter that reads the class file of an internal class name with {@code classBytes}
   * (null when there is none), to tell flow classes from others.
   */
  FieldAccessInstrumenter(Function<String, byte[]> classBytes) {
    this.classBytes = classBytes;
  }

  /** The class {@code bytes} with its flow field accesses tracked, or {@code bytes} itself. */
  byte[] instrument(byte[] bytes) {
    var reader = new ClassReader(bytes);
    String name = reader.getClassName();
    boolean isFlow = isFlowClass(reader.getSuperName()) || FLOW_SPEC.equals(reader.getSuperName());
    if (isFlow) {
      flowClasses.put(name, true);
    }
    var writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    var visitor = new Rewriter(writer, isFlow);
    reader.accept(visitor, 0);
    return visitor.changed ? writer.toByteArray() : bytes;
  }

  /** Whether the class with internal name {@code name} extends FlowSpec (directly or not). */
  boolean isFlowClass(String name) {
    if (name == null
        || name.equals(FLOW_SPEC)
        || name.startsWith("java/")
        || name.startsWith("javax/")
        || name.startsWith("jdk/")
        || name.startsWith("[")) {
      return false;
    }
    Boolean known = flowClasses.get(name);
    if (known != null) {
      return known;
    }
    boolean result = false;
    byte[] bytes = classBytes.apply(name);
    if (bytes != null) {
      String superName = new ClassReader(bytes).getSuperName();
      result = FLOW_SPEC.equals(superName) || isFlowClass(superName);
    }
    flowClasses.put(name, result);
    return result;
  }

  private final class Rewriter extends ClassVisitor {
    private final boolean isFlow;
    boolean changed;

    Rewriter(ClassVisitor next, boolean isFlow) {
      super(Opcodes.ASM9, next);
      this.isFlow = isFlow;
      this.changed = isFlow;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (name.equals("<init>") || name.equals("<clinit>")) {
        return next; // initializers build the object; they are not the step's assignments
      }
      return new MethodVisitor(Opcodes.ASM9, next) {
        @Override
        public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
          if ((opcode == Opcodes.PUTFIELD || opcode == Opcodes.GETFIELD) && isFlowClass(owner)) {
            changed = true;
            if (opcode == Opcodes.GETFIELD) {
              super.visitInsn(Opcodes.DUP); // ..., obj -> ..., obj, obj
              callHook("read", field);
            } else if (Type.getType(descriptor).getSize() == 1) {
              super.visitInsn(Opcodes.DUP2); // ..., obj, v -> ..., obj, v, obj, v
              super.visitInsn(Opcodes.POP); // -> ..., obj, v, obj
              callHook("assigned", field);
            } else {
              super.visitInsn(Opcodes.DUP2_X1); // ..., obj, vv -> ..., vv, obj, vv
              super.visitInsn(Opcodes.POP2); // -> ..., vv, obj
              super.visitInsn(Opcodes.DUP_X2); // -> ..., obj, vv, obj
              callHook("assigned", field);
            }
          }
          super.visitFieldInsn(opcode, owner, field, descriptor);
        }

        private void callHook(String hook, String field) {
          super.visitLdcInsn(field);
          super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, HOOK_DESC, false);
        }
      };
    }

    @Override
    public void visitEnd() {
      if (isFlow) {
        super.visitField(
                Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                FieldAccess.MARKER,
                "Z",
                null,
                null)
            .visitEnd();
      }
      super.visitEnd();
    }
  }
}
