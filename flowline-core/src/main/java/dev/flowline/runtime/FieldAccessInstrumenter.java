package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import dev.flowline.internal.FieldAccess;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a user class so the runtime knows for certain which of a flow object's fields (fields of
 * a class that extends {@link FlowSpec}) its step assigned, and can stop a read of an artifact that
 * did not reach the step:
 *
 * <ul>
 *   <li>every flow class gets, for each of its instance fields {@code x}, a public synthetic
 *       transient boolean {@code $a$x} ({@link FieldAccess#assignedFlag}), and the marker {@link
 *       FieldAccess#MARKER};
 *   <li>every assignment {@code obj.x = v} outside constructors, in any user class (the flow, its
 *       helpers, lambdas, inner classes), also sets {@code obj.$a$x = true}: one extra store, no
 *       call, so hot loops stay fast;
 *   <li>every read of {@code obj.x} outside constructors first calls {@link FieldAccess#read},
 *       whose body is one static flag check unless a task guards a field.
 * </ul>
 *
 * <p>The added code only duplicates operands already on the stack; it adds no branches and no
 * locals, so the stack map frames stay valid and only the maximum stack size is recomputed. Classes
 * that touch no flow field are returned unchanged. A field declared in a flow class that this
 * loader does not define (a superclass from another jar) gets no flag: the runtime then always
 * loads and saves it.
 */
final class FieldAccessInstrumenter {
  private static final String FLOW_SPEC = Type.getInternalName(FlowSpec.class);
  private static final String HOOKS = Type.getInternalName(FieldAccess.class);
  private static final String HOOK_DESC = "(Ljava/lang/Object;Ljava/lang/String;)V";

  /** What a class file says about its place in the hierarchy. */
  private record ClassInfo(String superName, Set<String> instanceFields) {}

  private final Function<String, byte[]> classBytes;
  private final Predicate<String> defines;
  private final Map<String, Boolean> flowClasses = new ConcurrentHashMap<>();
  private final Map<String, ClassInfo> infos = new ConcurrentHashMap<>();

  /**
   * An instrumenter that reads the class file of an internal class name with {@code classBytes}
   * (null when there is none), for a loader that itself defines the classes {@code defines} accepts
   * (internal names).
   */
  FieldAccessInstrumenter(Function<String, byte[]> classBytes, Predicate<String> defines) {
    this.classBytes = classBytes;
    this.defines = defines;
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
    ClassInfo info = info(name);
    boolean result =
        info != null && (FLOW_SPEC.equals(info.superName()) || isFlowClass(info.superName()));
    flowClasses.put(name, result);
    return result;
  }

  private ClassInfo info(String name) {
    ClassInfo known = infos.get(name);
    if (known != null) {
      return known;
    }
    byte[] bytes = classBytes.apply(name);
    if (bytes == null) {
      return null;
    }
    var reader = new ClassReader(bytes);
    var fields = new HashSet<String>();
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public FieldVisitor visitField(
              int access, String field, String descriptor, String signature, Object value) {
            if ((access & Opcodes.ACC_STATIC) == 0) {
              fields.add(field);
            }
            return null;
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    var info = new ClassInfo(reader.getSuperName(), Set.copyOf(fields));
    infos.put(name, info);
    return info;
  }

  /**
   * The flow class that declares instance field {@code field} as seen from {@code owner}, when this
   * loader defines it (so it carries the flag), else null.
   */
  private String flagOwner(String owner, String field) {
    for (String c = owner; c != null && !c.equals(FLOW_SPEC); ) {
      ClassInfo info = info(c);
      if (info == null) {
        return null;
      }
      if (info.instanceFields().contains(field)) {
        return defines.test(c) ? c : null;
      }
      c = info.superName();
    }
    return null;
  }

  private final class Rewriter extends ClassVisitor {
    private final boolean isFlow;
    private final List<String> declared = new ArrayList<>();
    boolean changed;

    Rewriter(ClassVisitor next, boolean isFlow) {
      super(Opcodes.ASM9, next);
      this.isFlow = isFlow;
      this.changed = isFlow;
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      if (isFlow && (access & Opcodes.ACC_STATIC) == 0) {
        declared.add(name);
      }
      return super.visitField(access, name, descriptor, signature, value);
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
          if (opcode == Opcodes.GETFIELD && isFlowClass(owner)) {
            changed = true;
            super.visitInsn(Opcodes.DUP); // ..., obj -> ..., obj, obj
            super.visitLdcInsn(field);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "read", HOOK_DESC, false);
          } else if (opcode == Opcodes.PUTFIELD && isFlowClass(owner)) {
            String flagOwner = flagOwner(owner, field);
            if (flagOwner != null) {
              changed = true;
              if (Type.getType(descriptor).getSize() == 1) {
                super.visitInsn(Opcodes.DUP2); // ..., obj, v -> ..., obj, v, obj, v
                super.visitInsn(Opcodes.POP); // -> ..., obj, v, obj
              } else {
                super.visitInsn(Opcodes.DUP2_X1); // ..., obj, vv -> ..., vv, obj, vv
                super.visitInsn(Opcodes.POP2); // -> ..., vv, obj
                super.visitInsn(Opcodes.DUP_X2); // -> ..., obj, vv, obj
              }
              super.visitInsn(Opcodes.ICONST_1);
              super.visitFieldInsn(
                  Opcodes.PUTFIELD, flagOwner, FieldAccess.assignedFlag(field), "Z");
            }
          }
          super.visitFieldInsn(opcode, owner, field, descriptor);
        }
      };
    }

    @Override
    public void visitEnd() {
      if (isFlow) {
        for (String field : declared) {
          super.visitField(
                  Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_TRANSIENT,
                  FieldAccess.assignedFlag(field),
                  "Z",
                  null,
                  null)
              .visitEnd();
        }
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
