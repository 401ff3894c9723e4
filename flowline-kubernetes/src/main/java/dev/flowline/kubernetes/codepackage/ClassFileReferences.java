package dev.flowline.kubernetes.codepackage;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;

/**
 * The packages a class file refers to, read from its constant pool: every class name ({@code
 * CONSTANT_Class}) and every class named in a descriptor or signature ({@code Lcom/x/Y;}). An
 * over-approximation (any constant that looks like a class name counts), which is what deciding
 * that a jar is <em>not</em> needed requires.
 */
final class ClassFileReferences {
  private ClassFileReferences() {}

  /**
   * Adds the packages (internal form, {@code com/google/common/collect}) that {@code classFile}
   * refers to into {@code packages}; a file that is not a class file adds nothing.
   */
  static void addPackages(byte[] classFile, Set<String> packages) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (classFile.length < 10 || in.readInt() != 0xCAFEBABE) {
      return;
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> namesIn(in.readUTF(), packages);
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // takes two slots
        }
        default -> {
          return; // an unknown constant: stop rather than misread
        }
      }
    }
  }

  /** The class names in one UTF-8 constant: a whole internal name, or {@code L...;} parts. */
  static void namesIn(String s, Set<String> packages) {
    if (s.indexOf('/') < 0) {
      return;
    }
    if (isInternalName(s, 0, s.length())) {
      addPackage(s, 0, s.length(), packages);
    }
    for (int i = s.indexOf('L'); i >= 0; i = s.indexOf('L', i + 1)) {
      int end = i + 1;
      while (end < s.length() && s.charAt(end) != ';' && s.charAt(end) != '<') {
        end++;
      }
      if (end < s.length() && end > i + 1 && isInternalName(s, i + 1, end)) {
        addPackage(s, i + 1, end, packages);
        i = end;
      }
    }
  }

  private static boolean isInternalName(String s, int from, int to) {
    boolean slash = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '/') {
        slash = true;
      } else if (!Character.isJavaIdentifierPart(c)) {
        return false;
      }
    }
    return slash;
  }

  private static void addPackage(String s, int from, int to, Set<String> packages) {
    int slash = s.lastIndexOf('/', to - 1);
    if (slash > from) {
      packages.add(s.substring(from, slash));
    }
  }
}
